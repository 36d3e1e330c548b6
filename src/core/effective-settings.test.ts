import { describe, expect, it } from 'vitest';
import { unreported } from './effective-settings.js';

describe('unreported', () => {
  it('names the scenario settings the server did not report', () => {
    const reported = [{ name: 'work_mem', value: '8192 (kB)', setBy: 'scenario' as const }];
    expect(unreported(['work_mem', 'wrok_mem'], reported)).toEqual([
      { name: 'wrok_mem', value: '(not reported by the server)', setBy: 'scenario' },
    ]);
  });
});
