/** `compatlab diff` output: the same comparison as terminal text and as a pull-request comment. */
import { kindOrder, type CellChange, type ChangeKind, type ReportDiff } from '../core/report.js';
import { briefError, formatDate, oneLine, shorten } from './format.js';
import { code, table, text } from './md.js';

export const changeTitles: Record<ChangeKind, string> = {
  regressed: 'Regressed',
  'became-flaky': 'Became flaky',
  changed: 'Changed',
  fixed: 'Fixed',
  appeared: 'New cells',
  disappeared: 'Gone',
};

/** One change, as a table cell names it. */
export const changeLabels: Record<ChangeKind, string> = {
  regressed: 'regressed',
  'became-flaky': 'became flaky',
  changed: 'changed',
  fixed: 'fixed',
  appeared: 'new',
  disappeared: 'gone',
};

export function diffHeadline(diff: ReportDiff): string {
  const counts = kindOrder
    .map((kind) => [kind, diff.changes.filter((c) => c.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${changeTitles[kind].toLowerCase()}`);
  const since = `since ${diff.old.source} (${formatDate(diff.old.startedAt)})`;
  return counts.length === 0
    ? `no change ${since}, ${diff.unchanged} cells the same`
    : `${counts.join(', ')} ${since}; ${diff.unchanged} unchanged`;
}

export function diffTerminal(diff: ReportDiff): string {
  const lines = [diffHeadline(diff)];
  for (const kind of kindOrder) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    lines.push(`${changeTitles[kind]}:`);
    for (const c of changes) lines.push(`  ${c.name}: ${transition(c)}${reasonOf(c) ? `  ${shorten(reasonOf(c)!, 140)}` : ''}`);
  }
  return lines.join('\n');
}

export function diffMarkdown(diff: ReportDiff): string {
  const sections = [`**${text(diffHeadline(diff))}**`];
  for (const kind of kindOrder) {
    const changes = diff.changes.filter((c) => c.kind === kind);
    if (changes.length === 0) continue;
    const rows = changes.map((c) => [code(c.name), text(transition(c)), text(shorten(reasonOf(c) ?? '', 160))]);
    sections.push(`#### ${changeTitles[kind]}\n\n${table(['Cell', 'Status', 'Now'], rows)}`);
  }
  return sections.join('\n\n');
}

export function transition(c: CellChange): string {
  return `${c.old?.status ?? '(absent)'} → ${c.new?.status ?? '(absent)'}`;
}

/** The reason without OpenSSL's thread ids and source locations, as the report's tables show errors. */
export function reasonOf(c: CellChange): string | undefined {
  const reason = c.new?.reason ?? c.old?.reason;
  return reason === undefined ? undefined : briefError({ message: oneLine(reason) }, (s) => s).message;
}
