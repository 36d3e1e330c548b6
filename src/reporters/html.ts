/**
 * `report.html`: one self-contained page (inline style and script, nothing fetched) that puts the
 * matrix first, filters by status, server, client and scenario, opens a cell's steps and evidence
 * in one click, groups skipped cells by reason, and shows the baseline comparison when there is one.
 * Status is colour plus a text label: no emoji, which render as empty boxes without an emoji font.
 */
import type { BisectResult, CellResult, Report, ReportDiff, StepResult } from '../core/report.js';
import { cellStatuses } from '../core/report.js';
import { kindOrder } from '../core/report.js';
import { changeLabels, diffHeadline, reasonOf, transition } from './diff-format.js';
import {
  briefChain,
  briefError,
  formatDate,
  formatDuration,
  okNote,
  oneLine,
  repeatNote,
  reportTitle,
  shorten,
  shownStatuses,
  skippedByReason,
  summarizeSettings,
} from './format.js';
import { cellDetails, stepMarkHtml } from './html-cell.js';
import { badge, cellAnchor, dataAttributes, escapeHtml } from './html-parts.js';
import { script } from './html-script.js';
import { css } from './html-style.js';
import { matrixTables, stepTableLegend, stepTables, type MatrixTable, type StepTable } from './tables.js';

export { escapeHtml } from './html-parts.js';

export function render(report: Report): string {
  const title = reportTitle(report);
  const ran = report.cells.filter((c) => c.status !== 'skipped');
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
${filters(report)}
${section('Matrix', 'matrix', matrixTables(report).map(matrixSection))}
${report.baseline ? section(`Compared with ${escapeHtml(report.baseline.old.source)}`, 'baseline', [baselineSection(report.baseline)]) : ''}
${report.bisect ? section('Bisect', 'bisect', [bisectSection(report.bisect)]) : ''}
${section('Cells', 'cells', ran.map(cellDetails))}
${section('Skipped', 'skipped', skippedSection(report))}
${section('Steps by scenario', 'steps', stepTables(report).map(stepSection))}
<script>${script}</script>
</body>
</html>
`;
}

function section(title: string, id: string, parts: string[]): string {
  return parts.length === 0 ? '' : `<section id="${id}">\n<h2>${title}</h2>\n${parts.join('\n')}\n</section>`;
}

const code = (value: string) => `<code>${escapeHtml(value)}</code>`;

function header(report: Report, title: string): string {
  const counts = shownStatuses(report.summary)
    .map((s) => badge(s, `: ${report.summary[s]}`))
    .join('');
  const { host, tool } = report;
  return `<header>
<h1>${escapeHtml(title)}</h1>
<p class="counts"><strong>${report.summary.total} cells</strong> ${counts}</p>
<p class="meta">Run ${escapeHtml(formatDate(report.startedAt))}, took ${formatDuration(report.durationMs)} · ${escapeHtml(
    `${tool.name} ${tool.version} · ${host.platform} ${host.arch} · Node ${host.node}`,
  )} · runtime ${code(report.runtime)}</p>
</header>`;
}

function filters(report: Report): string {
  const present = cellStatuses.filter((s) => report.cells.some((c) => c.status === s));
  const toggles = present
    .map((s) => `<label class="toggle"><input type="checkbox" name="status" value="${s}" checked>${badge(s)}</label>`)
    .join('');
  const select = (name: string, label: string, values: string[]) =>
    `<label>${label} <select name="${name}"><option value="">all</option>${[...new Set(values)]
      .map((v) => `<option>${escapeHtml(v)}</option>`)
      .join('')}</select></label>`;
  return `<form id="filters" class="filters" aria-label="Filters">
<fieldset><legend>Status</legend>${toggles}</fieldset>
${select(
  'server',
  'Server',
  report.cells.map((c) => c.server.label),
)}
${select(
  'client',
  'Client',
  report.cells.map((c) => c.client.label),
)}
${select(
  'scenario',
  'Scenario',
  report.cells.map((c) => c.scenario.id),
)}
<button type="reset">Show all</button>
<span id="shown" class="note"></span>
</form>`;
}

function matrixSection(m: MatrixTable): string {
  const head = ['Scenario', 'Client', ...m.servers].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = m.rows.map((r) => `<tr><th>${code(r.scenario)}</th><th>${code(r.client)}</th>${r.cells.map(matrixCell).join('')}</tr>`);
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
  if (!cell) return '<td class="cell">—</td>';
  const target = cell.status === 'skipped' ? skipGroupId(cell) : cellAnchor(cell);
  const sub = cellNote(cell);
  return `<td class="cell" ${dataAttributes(cell)}><button type="button" class="open" data-open="${target}" title="${escapeHtml(cell.id)}">${badge(cell.status)}${sub ? `<span class="sub">${escapeHtml(sub)}</span>` : ''}</button></td>`;
}

/** A few words under the label: how often it passed, or the first thing that went wrong. */
function cellNote(cell: CellResult): string | undefined {
  const repeats = repeatNote(cell);
  if (repeats) return repeats;
  if (cell.status === 'pass') return undefined;
  const unmet = cell.steps.find((s) => !s.met);
  if (unmet) return `${unmet.name ?? unmet.kind}: ${unmet.outcome.ok ? 'succeeded' : briefError(unmet.outcome.error, (s) => s).message}`;
  // The start of a reason says what happened; lists of alternatives come after a parenthesis.
  return cell.reason === undefined ? undefined : shorten(cell.reason.split(' (')[0]!, 60);
}

function skipGroupId(cell: CellResult): string {
  return `skip-${hash(oneLine(cell.reason ?? 'no reason given'))}`;
}

function skippedSection(report: Report): string[] {
  return skippedByReason(report.cells).map(
    (g) => `<details class="skip-group" id="skip-${hash(g.reason)}">
<summary>${badge('skipped', `: ${g.cells.length}`)} ${escapeHtml(g.reason)}</summary>
<ul>${g.cells.map((c) => `<li ${dataAttributes(c)}>${code(c.id)}</li>`).join('')}</ul>
</details>`,
  );
}

function baselineSection(diff: ReportDiff): string {
  const rows = kindOrder.flatMap((kind) =>
    diff.changes
      .filter((c) => c.kind === kind)
      .map(
        (c) =>
          `<tr><td>${changeLabels[kind]}</td><td>${code(c.name)}</td><td>${escapeHtml(transition(c))}</td><td>${escapeHtml(reasonOf(c) ?? '')}</td></tr>`,
      ),
  );
  const table =
    rows.length === 0
      ? ''
      : `<table><thead><tr><th>Change</th><th>Cell</th><th>Status</th><th>Now</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<p>${escapeHtml(diffHeadline(diff))}</p>${table}`;
}

function bisectSection(b: BisectResult): string {
  const verdictStatus = { good: 'pass', bad: 'fail', skip: 'skipped' } as const;
  const rows = b.probes.map(
    (p) =>
      `<tr><td>${code(p.server)}</td><td><span class="badge s-${verdictStatus[p.verdict]}">${p.verdict}</span></td><td>${escapeHtml(p.evidence)}</td></tr>`,
  );
  return `<p>Scenario ${code(b.scenario)} with client ${code(b.client)} over ${b.versions.map(code).join(', ')}</p>
<table><thead><tr><th>Probe</th><th>Verdict</th><th>Evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p><strong>${escapeHtml(b.answer)}</strong></p>`;
}

function stepSection(t: StepTable): string {
  const legend = stepTableLegend(t)?.replace(/❌|⚠️/g, '').replace(/\s+/g, ' ');
  const links = t.scenario.links.map((url) => `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`).join(', ');
  const head = ['Server', 'Client', 'Settings'].map((h) => `<th>${h}</th>`).join('') + t.columns.map((c) => `<th>${code(c)}</th>`).join('');
  const rows = t.rows.map(
    ({ cell, steps }) =>
      `<tr ${dataAttributes(cell)}><td><button type="button" class="open link" data-open="${cellAnchor(cell)}">${code(cell.server.label)}</button></td><td>${code(cell.client.label)}</td>` +
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
  const mark = step.met ? '' : `${stepMarkHtml(step, cell.status)} `;
  if (step.outcome.ok) return `<td class="step">${mark}ok${escapeHtml(okNote(step.evidence))}</td>`;
  const brief = briefError(step.outcome.error, code);
  const full = escapeHtml(step.outcome.error?.message.trim() ?? '');
  const chain = briefChain(step.outcome.error);
  const chainHtml = chain === undefined ? '' : ` <span class="meta">(${escapeHtml(chain)})</span>`;
  return `<td class="step">${mark}${brief.code ?? ''} <span title="${full}">${escapeHtml(brief.message)}</span>${chainHtml}</td>`;
}

/** A short, stable id for a reason (djb2). */
function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h << 5) + h + text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}
