/** `report.html`: one self-contained page with the matrix, the step tables and every cell's details. */
import type { CellResult, Report, StepResult } from '../core/report.js';
import {
  briefError,
  describeEvidence,
  describeExpected,
  describeObserved,
  describeOrigin,
  describeServerTls,
  formatDate,
  formatDuration,
  knownFailureLabel,
  describeClient,
  statusEmoji,
  statusLabel,
  stepMark,
  stepTitle,
  okNote,
  summarizeSettings,
} from './format.js';
import { css } from './html-style.js';
import { matrixTables, stepTableLegend, stepTables, type MatrixTable, type StepTable } from './tables.js';
import { cellStatuses } from '../core/report.js';

export function render(report: Report): string {
  const title = report.matrices.map((m) => m.title).join(' · ') || 'compatlab report';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${header(report, title)}
${section('Matrix', matrixTables(report).map(matrixSection))}
${section('Steps', stepTables(report).map(stepSection))}
${section('Cells', report.cells.map(cellDetails))}
</body>
</html>
`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function section(title: string, parts: string[]): string {
  return parts.length === 0 ? '' : `<h2>${title}</h2>\n${parts.join('\n')}`;
}

const code = (value: string) => `<code>${escapeHtml(value)}</code>`;

function header(report: Report, title: string): string {
  const counts = cellStatuses.map((s) => `<span class="${s}">${statusEmoji[s]} ${report.summary[s]} ${s}</span>`).join('');
  const { host, tool } = report;
  return `<h1>${escapeHtml(title)}</h1>
<p class="counts"><strong>${report.summary.total} cells:</strong> ${counts}</p>
<p class="meta">Run ${escapeHtml(formatDate(report.startedAt))}, took ${formatDuration(report.durationMs)} · ${escapeHtml(
    `${tool.name} ${tool.version} · ${host.platform} ${host.arch} · Node ${host.node}`,
  )} · runtime ${code(report.runtime)}</p>`;
}

function matrixSection(m: MatrixTable): string {
  const head = ['Scenario', 'Client', ...m.servers].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = m.rows.map((r) => `<tr><td>${code(r.scenario)}</td><td>${code(r.client)}</td>${r.cells.map(matrixCell).join('')}</tr>`);
  return `<h3>${escapeHtml(m.title)}</h3>
<p class="file">From ${code(m.file)}</p>
<div class="scroll"><table class="matrix">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

function matrixCell(cell: CellResult | undefined): string {
  if (!cell) return '<td>—</td>';
  const known =
    cell.status === 'known-fail' && cell.knownFailure
      ? ` <a href="${escapeHtml(cell.knownFailure.link)}" title="known failure">(issue)</a>`
      : '';
  return `<td class="status ${cell.status}"><a href="#${anchor(cell)}">${statusLabel(cell.status)}</a>${known}</td>`;
}

function stepSection(t: StepTable): string {
  const legend = stepTableLegend(t);
  const links = t.scenario.links.map((url) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`).join(', ');
  const head = ['Server', 'Client', 'Settings'].map((h) => `<th>${h}</th>`).join('') + t.columns.map((c) => `<th>${code(c)}</th>`).join('');
  const rows = t.rows.map(
    ({ cell, steps }) =>
      `<tr><td><a href="#${anchor(cell)}">${code(cell.server.label)}</a></td><td>${code(cell.client.label)}</td>` +
      `<td>${escapeHtml(summarizeSettings(cell.client.settings))}</td>${steps.map((s) => stepCell(s, cell)).join('')}</tr>`,
  );
  return `<h3>${code(t.scenario.id)} ${escapeHtml(t.scenario.title)}</h3>
<p class="file">Scenario ${code(t.scenario.file)}${links ? `; see ${links}` : ''}</p>
<div class="scroll"><table class="steps">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>${legend === undefined ? '' : `\n<p class="legend">${escapeHtml(legend)}</p>`}`;
}

function stepCell(step: StepResult | undefined, cell: CellResult): string {
  if (!step) return '<td class="step" title="did not run">—</td>';
  const status = step.met ? '' : cell.status === 'known-fail' ? 'known-fail' : 'fail';
  const mark = step.met ? '' : `${stepMark(step, cell.status)} `;
  const attrs = status ? ` class="step unmet ${status}" title="not what the scenario expects"` : ' class="step"';
  if (step.outcome.ok) return `<td${attrs}>${mark}ok${escapeHtml(okNote(step.evidence))}</td>`;
  const brief = briefError(step.outcome.error, code);
  const full = escapeHtml(step.outcome.error?.message.trim() ?? '');
  return `<td${attrs}>${mark}${brief.code ?? ''} <span title="${full}">${escapeHtml(brief.message)}</span></td>`;
}

function cellDetails(cell: CellResult): string {
  const { server, client } = cell;
  const facts: [string, string | undefined][] = [
    ['Scenario', `${code(cell.scenario.id)} (${code(cell.scenario.file)})`],
    ['Server', `${code(server.label)}: ${server.versionString === undefined ? 'never reported a version' : code(server.versionString)}`],
    ['Origin', server.origin && describeOrigin(server.origin, code)],
    ['Server TLS', describeServerTls(server.tls)],
    ['Server settings', Object.keys(server.settings).length > 0 ? code(summarizeSettings(server.settings)) : undefined],
    ['Client', describeClient(client, code, escapeHtml)],
    ['Reason', cell.reason === undefined ? undefined : escapeHtml(cell.reason)],
    ['Cleanup failed', cell.cleanup === undefined ? undefined : escapeHtml(cell.cleanup)],
    [knownFailureLabel(cell.status), cell.knownFailure && knownFailure(cell.knownFailure)],
    ['Duration', formatDuration(cell.durationMs)],
    ['Re-run', `<pre>${escapeHtml(cell.rerun)}</pre>`],
  ];
  const open = cell.status === 'fail' || cell.status === 'error' ? ' open' : '';
  const steps = cell.steps.length === 0 ? '' : `<ol class="steps">\n${cell.steps.map((s) => stepItem(s, cell)).join('\n')}\n</ol>`;
  return `<details id="${anchor(cell)}"${open}>
<summary class="${cell.status}">${statusLabel(cell.status)} ${code(cell.id)} <span class="meta">${formatDuration(cell.durationMs)}</span></summary>
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

function stepItem(step: StepResult, cell: CellResult): string {
  const evidence = describeEvidence(step.evidence, code);
  const log = step.evidence.serverLog;
  const lines = [
    `expected: ${describeExpected(step.expected, code)}`,
    `observed: ${describeObserved(step.outcome, code)}`,
    ...(evidence === undefined ? [] : [`evidence: ${evidence}`]),
    ...(log.length === 0 ? [] : [`server log:<pre>${escapeHtml(log.join('\n'))}</pre>`]),
  ];
  const title = `${stepMark(step, cell.status)} <strong>${escapeHtml(stepTitle(step))}</strong>: ${escapeHtml(step.summary)}`;
  return `<li${step.met ? '' : ' class="unmet"'}>${title} <span class="meta">${formatDuration(step.durationMs)}</span>
<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul></li>`;
}

/** A fragment id that needs no encoding in `href`. */
function anchor(cell: CellResult): string {
  return `cell-${cell.id.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}
