import type { EffectiveSetting } from './report.js';

/** The settings a scenario set that the server does not report (a misspelt name, an option that is no variable): said, not dropped. */
export function unreported(scenario: Iterable<string>, reported: EffectiveSetting[]): EffectiveSetting[] {
  const names = new Set(reported.map((s) => s.name));
  return [...scenario]
    .filter((name) => !names.has(name))
    .map((name) => ({ name, value: '(not reported by the server)', setBy: 'scenario' }));
}
