/** Small pieces every part of `report.html` uses: escaping, status badges, cell anchors and filter attributes. */
import type { CellResult, CellStatus } from '../core/report.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const statusText: Record<CellStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  'known-fail': 'known fail',
  flaky: 'flaky',
  error: 'error',
  skipped: 'skipped',
};

export function badge(status: CellStatus, extra = ''): string {
  return `<span class="badge s-${status}">${statusText[status]}${extra}</span>`;
}

/** The attributes the filters read. */
export function dataAttributes(cell: CellResult): string {
  return `data-status="${cell.status}" data-server="${escapeHtml(cell.server.label)}" data-client="${escapeHtml(cell.client.label)}" data-scenario="${escapeHtml(cell.scenario.id)}"`;
}

export { cellAnchor } from '../core/cell-identity.js';
