/** `report.md`: the matrix, the steps behind it, and what a bug report needs about each failure. */
import type { BisectResult, CellResult, Report, StepResult } from '../core/report.js';
import { diffMarkdown } from './diff-format.js';
import {
  briefChain,
  briefError,
  describeChain,
  describeEvidence,
  describeExpected,
  describeOrigin,
  describeEffective,
  describeServerTls,
  describeObserved,
  formatDate,
  formatDuration,
  knownFailureLabel,
  oneLine,
  reportTitle,
  describeClient,
  shorten,
  skippedByReason,
  uncheckedKnownFailureLine,
  statusEmoji,
  statusLabel,
  stepMark,
  stepTitle,
  okNote,
  summarizeSettings,
  summaryCounts,
} from './format.js';
import { code, fence, indent, link, table, text } from './md.js';
import { cellsNeedingDetail, matrixTables, stepTableLegend, stepTables, type MatrixTable, type StepTable } from './tables.js';

export function render(report: Report): string {
  const details = cellsNeedingDetail(report);
  const steps = stepTables(report);
  const sections = [
    header(report),
    '## Matrix',
    ...matrixTables(report).map(matrixSection),
    ...(steps.length > 0 ? ['## Steps', ...steps.map(stepSection)] : []),
    ...(report.baseline ? [`## Compared with ${code(report.baseline.old.source)}`, diffMarkdown(report.baseline)] : []),
    ...(report.bisect ? ['## Bisect', bisectSection(report.bisect)] : []),
    ...(details.length > 0 ? ['## Cells that did not pass', ...details.map(cellSection)] : []),
    skippedSection(report),
    runNotesSection(report),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function header(report: Report): string {
  const titles = reportTitle(report);
  const { host, tool } = report;
  return [
    `# ${text(titles)}`,
    '',
    `**${report.summary.total} cells:** ${summaryCounts(report.summary)} — run ${formatDate(report.startedAt)}, took ${formatDuration(report.durationMs)}`,
    '',
    `${tool.name} ${text(tool.version)} · ${text(host.platform)} ${text(host.arch)} · Node ${text(host.node)} · runtime ${code(report.runtime)}`,
  ].join('\n');
}

function matrixSection(m: MatrixTable): string {
  const rows = m.rows.map((r) => [code(r.scenario), code(r.client), ...r.cells.map(matrixCell)]);
  return [`### ${text(m.title)}`, '', `From ${code(m.file)}`, '', table(['Scenario', 'Client', ...m.servers.map(code)], rows)].join('\n');
}

function matrixCell(cell: CellResult | undefined): string {
  if (!cell) return '—';
  const label = statusLabel(cell.status);
  return cell.status === 'known-fail' && cell.knownFailure ? link(label, cell.knownFailure.link) : label;
}

function stepSection(t: StepTable): string {
  const links = t.scenario.links.map((url) => `<${url}>`).join(', ');
  const rows = t.rows.map(({ cell, steps }) => [
    code(cell.server.label),
    code(cell.client.label),
    text(summarizeSettings(cell.client.settings)),
    ...steps.map((s) => (s ? stepCell(s, cell) : '—')),
  ]);
  return [
    `### ${code(t.scenario.id)}: ${text(t.scenario.title)}`,
    '',
    `Scenario ${code(t.scenario.file)}${links ? `; see ${links}` : ''}`,
    '',
    table(['Server', 'Client', 'Settings', ...t.columns.map(code)], rows),
    ...optional(stepTableLegend(t), (l) => `\n${text(l)}`),
  ].join('\n');
}

function stepCell(step: StepResult, cell: CellResult): string {
  const mark = step.met ? '' : `${stepMark(step, cell.status)} `;
  if (step.outcome.ok) return `${mark}ok${text(okNote(step.evidence))}`;
  const brief = briefError(step.outcome.error, code);
  const chain = briefChain(step.outcome.error);
  return `${mark}${brief.code === undefined ? '' : `${brief.code} `}${text(brief.message)}${chain === undefined ? '' : ` (${text(chain)})`}`;
}

function cellSection(cell: CellResult): string {
  const facts = [
    `- **Scenario:** ${code(cell.scenario.id)} (${code(cell.scenario.file)})`,
    ...serverLines(cell),
    `- **Client:** ${describeClient(cell.client, code, text)}`,
    cell.reason === undefined ? '' : `- **Reason:** ${text(oneLine(cell.reason))}`,
    cell.cleanup === undefined ? '' : `- **Cleanup failed:** ${text(oneLine(cell.cleanup))}`,
    cell.knownFailure
      ? `- **${knownFailureLabel(cell.status)}:** <${cell.knownFailure.link}>${cell.knownFailure.note ? ` — ${text(oneLine(cell.knownFailure.note))}` : ''}`
      : '',
    ...optional(
      cell.repeats,
      (r) => `- **Runs:** ${r.passes} of ${r.runs} passed: ${r.outcomes.map((o) => `${o.count}× ${o.status}`).join(', ')}`,
    ),
    `- **Duration:** ${formatDuration(cell.durationMs)}`,
  ].filter((line) => line !== '');
  return [
    `### ${statusEmoji[cell.status]} ${code(cell.id)}: ${cell.status}`,
    '',
    ...facts,
    ...(cell.steps.length > 0 ? ['', '**Steps**', '', cell.steps.map((s, i) => stepItem(s, i, cell)).join('\n')] : []),
    '',
    '**Re-run**',
    '',
    fence(cell.rerun, 'sh'),
  ].join('\n');
}

function serverLines(cell: CellResult): string[] {
  const { server } = cell;
  const version = server.versionString === undefined ? 'never reported a version' : code(server.versionString);
  const settings = Object.keys(server.settings).length > 0 ? `; settings ${code(summarizeSettings(server.settings))}` : '';
  return [
    `- **Server:** ${code(server.label)}: ${version}`,
    ...optional(server.origin, (o) => `  - origin: ${describeOrigin(o, code)}`),
    `  - ${describeServerTls(server.tls)}${settings}`,
    ...optional(describeEffective(server.effective, code), (e) => `  - as the server reports it: ${e}`),
  ];
}

function optional<T>(value: T | undefined, line: (v: T) => string): string[] {
  return value === undefined ? [] : [line(value)];
}

function stepItem(step: StepResult, i: number, cell: CellResult): string {
  const lines = [
    `${i + 1}. ${stepMark(step, cell.status)} **${text(stepTitle(step))}**: ${text(step.summary)} (${formatDuration(step.durationMs)})`,
    `   - expected: ${describeExpected(step.expected, code)}`,
    `   - observed: ${describeObserved(step.outcome, code)}`,
    ...describeChain(step.outcome.error, code).map((line) => `     - ${line}`),
    ...optional(describeEvidence(step.evidence, code), (e) => `   - evidence: ${e}`),
  ];
  if (step.evidence.serverLog.length > 0) {
    lines.push(`   - server log:\n\n     ${indent(fence(step.evidence.serverLog.join('\n')), 5)}`);
  }
  return lines.join('\n');
}

function skippedSection(report: Report): string {
  const groups = skippedByReason(report.cells);
  if (groups.length === 0) return '';
  const items = groups.map(
    (g) =>
      `- ${text(g.reason)} (${g.cells.length} ${g.cells.length === 1 ? 'cell' : 'cells'}): ${g.cells.map((c) => code(c.id)).join(', ')}`,
  );
  return [`## ${statusEmoji.skipped} Skipped`, '', ...items].join('\n');
}

function bisectSection(b: BisectResult): string {
  const rows = b.probes.map((p) => [code(p.server), p.verdict, p.status, text(shorten(p.evidence, 200))]);
  return [
    `Scenario ${code(b.scenario)} with client ${code(b.client)}; versions ${b.versions.map(code).join(', ')}.`,
    '',
    table(['Probe', 'Verdict', 'Status', 'Evidence'], rows),
    '',
    `**${text(b.answer)}**`,
  ].join('\n');
}

/** What the cells alone do not say: known failures no cell checked, cells missing from a merge, notes on the run. */
function runNotesSection(report: Report): string {
  const parts: string[] = [];
  if (report.uncheckedKnownFailures?.length) {
    parts.push(
      '## Known failures no cell checked',
      '',
      ...report.uncheckedKnownFailures.map((k) => `- ${uncheckedKnownFailureLine(k, code, text)}`),
    );
  }
  if (report.missingCells?.length) {
    parts.push(`## Cells in no report (${report.missingCells.length})`, '', ...report.missingCells.map((key) => `- ${code(key)}`));
  }
  if (report.notes?.length) parts.push('## Notes on the run', '', ...report.notes.map((note) => `- ${text(note)}`));
  return parts.join('\n');
}
