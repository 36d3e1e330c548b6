/**
 * Known failures kept current (after CockroachDB's ORM suites): from a run's cells, the matrix's
 * `knownFailures` without entries that no longer fail and with entries for new failures, written
 * with yaml's Document API so the file keeps its comments and layout.
 */
import picomatch from 'picomatch';
import { isSeq, parseDocument, stringify } from 'yaml';
import type { CellResult } from '../core/report.js';
import type { KnownFailure } from '../config/schema.js';

export interface KnownFailureUpdate {
  /** Indexes of entries whose every cell in this run passed. */
  stale: number[];
  added: KnownFailure[];
  /** Indexes of entries with a cell that failed another way: a person decides what the entry should say. */
  different: number[];
}

/** Placeholder for a new entry whose scenario names no link: the schema wants a URL, a person should give the issue's. */
export const missingLink = 'https://example.invalid/replace-with-the-issue-link';

export function planKnownFailureUpdate(entries: KnownFailure[], cells: CellResult[]): KnownFailureUpdate {
  const applied = cells.map((cell) => ({ cell, index: entries.findIndex((k) => applies(k, cell)) }));
  const stale = entries
    .map((_, index) => index)
    .filter((index) => {
      const mine = applied.filter((a) => a.index === index).map((a) => a.cell);
      return mine.length > 0 && mine.every((c) => c.status === 'pass' || (c.status === 'fail' && c.steps.every((s) => s.met)));
    });
  const added = applied
    .filter((a) => a.index === -1 && a.cell.status === 'fail')
    .map((a) => newEntry(a.cell))
    .sort((a, b) => JSON.stringify(a.where).localeCompare(JSON.stringify(b.where)));
  const different = [
    ...new Set(applied.filter((a) => a.index !== -1 && a.cell.status === 'fail' && a.cell.steps.some((s) => !s.met)).map((a) => a.index)),
  ];
  return { stale, added, different };
}

/** Whether an entry's `where` covers the cell (globs on its server, client and scenario). */
export function applies(k: Pick<KnownFailure, 'where'>, cell: CellResult): boolean {
  const { where } = k;
  return (
    (where.server === undefined || picomatch.isMatch(cell.server.label, where.server)) &&
    (where.client === undefined || picomatch.isMatch(cell.client.label, where.client)) &&
    (where.scenario === undefined || picomatch.isMatch(cell.scenario.id, where.scenario))
  );
}

function newEntry(cell: CellResult): KnownFailure {
  const unmet = cell.steps.filter((s) => !s.met);
  const errors = unmet.map((s) => s.outcome.error?.message).filter((m): m is string => m !== undefined);
  const error = errors.length === unmet.length && errors.length > 0 ? stablePart(errors[0]!) : undefined;
  return {
    where: { server: cell.server.label, client: cell.client.label, scenario: cell.scenario.id },
    steps: unmet.map((s) => s.name ?? `#${s.index}`),
    ...(error === undefined ? {} : { error }),
    link: cell.scenario.links[0] ?? missingLink,
  };
}

/**
 * The words of an error that stay the same between runs: OpenSSL and drivers wrap them in thread ids,
 * error numbers and source locations (`…:SSL routines:ssl3_read_bytes:tlsv1 alert internal error:../ssl/…`).
 */
export function stablePart(message: string): string {
  const segments = message
    .split(/:\s*/)
    .map((s) => s.trim())
    .filter((s) => /\s/.test(s) && !s.includes('/') && !/\d{3,}/.test(s));
  return segments.sort((a, b) => b.length - a.length)[0] ?? message.trim();
}

/**
 * The matrix text with the update applied. yaml's Document gives each entry's place in the file;
 * the text is cut and extended there, so every other byte (comments, quoting, flow style) stays.
 */
export function applyKnownFailureUpdate(text: string, update: KnownFailureUpdate): { text: string; block: string } {
  const doc = parseDocument(text);
  const seq = doc.get('knownFailures', true);
  const lines = text.split('\n');
  const added = update.added.map((entry) => entryText(entry, '  '));
  if (!isSeq(seq) || seq.flow || seq.items.length === 0) {
    // No list yet (or `knownFailures: []`): a new block list replaces it.
    const kept = isSeq(seq) && seq.range ? lineOf(text, seq.range[0]) : -1;
    const keyLine = kept >= 0 ? kept : lines.findIndex((l) => /^knownFailures\s*:/.test(l));
    const block = ['knownFailures:', ...added].join('\n');
    const body = keyLine >= 0 ? [...lines.slice(0, keyLine), block, ...lines.slice(keyLine + 1)] : [...trimEnd(lines), block, ''];
    return { text: body.join('\n'), block: `${block}\n` };
  }
  const items = seq.items.map((item) => lineOf(text, (item as { range?: [number, number, number] }).range![0]));
  const starts = items.map((line) => {
    let first = line;
    while (first > 0 && /^\s*#/.test(lines[first - 1]!)) first--;
    return first;
  });
  const end = lastContentLine(lines, seq.range![1]) + 1;
  const blocks = starts.map((start, i) => lines.slice(start, starts[i + 1] ?? end));
  const indent = /^(\s*)-/.exec(lines[items[0]!]!)?.[1] ?? '  ';
  const kept = blocks.filter((_, i) => !update.stale.includes(i)).flat();
  const list = [...kept, ...update.added.map((entry) => entryText(entry, indent))];
  return {
    text: [...lines.slice(0, starts[0]), ...list, ...lines.slice(end)].join('\n'),
    block: `${['knownFailures:', ...list].join('\n')}\n`,
  };

  function lastContentLine(all: string[], offset: number): number {
    let line = lineOf(text, Math.max(0, offset - 1));
    while (line > 0 && all[line]!.trim() === '') line--;
    return line;
  }
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

function trimEnd(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out.at(-1)!.trim() === '') out.pop();
  return out;
}

/** One entry in the layout the shipped matrices use: `where: { … }` and `steps: [ … ]` on one line each. */
function entryText(entry: KnownFailure, indent: string): string {
  const where = Object.entries(entry.where)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${flowScalar(v)}`)
    .join(', ');
  const lines = [`- where: { ${where} }`];
  if (entry.steps) lines.push(`  steps: [${entry.steps.map(flowScalar).join(', ')}]`);
  if (typeof entry.error === 'string') lines.push(`  error: ${blockScalar(entry.error)}`);
  lines.push(`  link: ${blockScalar(entry.link)}`);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

function flowScalar(value: string): string {
  return /^[\w@.*/+-][\w@.*/+ -]*$/.test(value) && value.trim() === value ? value : JSON.stringify(value);
}

function blockScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}
