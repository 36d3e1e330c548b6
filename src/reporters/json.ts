/** `report.json`: the Report itself; every other format can be rebuilt from it. */
import type { Report } from '../core/report.js';

export function render(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
