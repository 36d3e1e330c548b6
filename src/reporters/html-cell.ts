/** One cell's details in `report.html`: facts, steps with expected/observed/evidence/server log, the re-run command. */
import type { CellResult, CellStatus, StepResult } from '../core/report.js';
import {
  describeChain,
  describeEvidence,
  describeExpected,
  describeObserved,
  describeOrigin,
  describeEffective,
  describeServerTls,
  formatDuration,
  knownFailureLabel,
  describeClient,
  stepTitle,
  summarizeSettings,
} from './format.js';
import { badge, cellAnchor, dataAttributes, escapeHtml } from './html-parts.js';

const code = (value: string) => `<code>${escapeHtml(value)}</code>`;

export function cellDetails(cell: CellResult): string {
  const { server, client } = cell;
  const facts: [string, string | undefined][] = [
    ['Scenario', `${code(cell.scenario.id)} ${escapeHtml(cell.scenario.title)} (${code(cell.scenario.file)})`],
    ['Server', `${code(server.label)}: ${server.versionString === undefined ? 'never reported a version' : code(server.versionString)}`],
    ['Origin', server.origin && describeOrigin(server.origin, code)],
    ['Server TLS', describeServerTls(server.tls)],
    ['Server settings', Object.keys(server.settings).length > 0 ? code(summarizeSettings(server.settings)) : undefined],
    ['As the server reports it', describeEffective(server.effective, code)],
    ['Client', describeClient(client, code, escapeHtml)],
    ['Reason', cell.reason === undefined ? undefined : escapeHtml(cell.reason)],
    ['Cleanup failed', cell.cleanup === undefined ? undefined : escapeHtml(cell.cleanup)],
    [
      'Runs',
      cell.repeats &&
        `${cell.repeats.passes} of ${cell.repeats.runs} passed: ${cell.repeats.outcomes.map((o) => `${o.count}× ${o.status}${o.reason ? ` (${escapeHtml(o.reason)})` : ''}`).join('; ')}`,
    ],
    [knownFailureLabel(cell.status), cell.knownFailure && knownFailure(cell.knownFailure)],
    ['Duration', formatDuration(cell.durationMs)],
    ['Re-run', `<pre>${escapeHtml(cell.rerun)}</pre>`],
  ];
  const steps = cell.steps.length === 0 ? '' : `<ol class="steps">\n${cell.steps.map((s) => stepItem(s, cell)).join('\n')}\n</ol>`;
  return `<details class="cell" id="${cellAnchor(cell)}" ${dataAttributes(cell)}>
<summary>${badge(cell.status)} ${code(cell.id)} <span class="meta">${formatDuration(cell.durationMs)}</span></summary>
<div>
<dl>
${facts.flatMap(([term, value]) => (value === undefined ? [] : [`<dt>${term}</dt><dd>${value}</dd>`])).join('\n')}
</dl>
${steps}
</div>
</details>`;
}

function knownFailure(k: NonNullable<CellResult['knownFailure']>): string {
  return `<a href="${escapeHtml(k.link)}">${escapeHtml(k.link)}</a>${k.note ? ` — ${escapeHtml(k.note)}` : ''}`;
}

/** Unmet steps of a known failure are expected to be unmet: a different mark. */
export function stepMarkHtml(step: StepResult, status: CellStatus): string {
  if (step.met) return '<span class="mark s-pass">met</span>';
  return status === 'known-fail' ? '<span class="mark s-known-fail">known</span>' : '<span class="mark s-fail">not met</span>';
}

function stepItem(step: StepResult, cell: CellResult): string {
  const evidence = describeEvidence(step.evidence, code);
  const log = step.evidence.serverLog;
  const lines = [
    `expected: ${describeExpected(step.expected, code)}`,
    `observed: ${describeObserved(step.outcome, code)}`,
    ...describeChain(step.outcome.error, code),
    ...(evidence === undefined ? [] : [`evidence: ${evidence}`]),
    ...(log.length === 0 ? [] : [`server log:<pre>${escapeHtml(log.join('\n'))}</pre>`]),
  ];
  const title = `${stepMarkHtml(step, cell.status)} <strong>${escapeHtml(stepTitle(step))}</strong>: ${escapeHtml(step.summary)}`;
  return `<li${step.met ? '' : ' class="unmet"'}>${title} <span class="meta">${formatDuration(step.durationMs)}</span>
<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul></li>`;
}
