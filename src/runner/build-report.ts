import { readFileSync } from 'node:fs';
import { packageFile } from '../core/package-file.js';
import { scrubText } from '../core/secrets.js';
import { cellStatuses, type CellResult, type Report } from '../core/report.js';
import { jsonSafe, type JsonValue } from '../core/evidence-value.js';

const toolVersion = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;

export interface ReportMeta {
  startedAt: Date;
  finishedAt: Date;
  runtime: string;
  matrices: { file: string; title: string }[];
  /** Passwords used in the run; they are replaced by `***` wherever they appear. */
  secrets: Iterable<string>;
}

export function summarize(cells: CellResult[]): Report['summary'] {
  const summary = Object.fromEntries(cellStatuses.map((s) => [s, cells.filter((c) => c.status === s).length])) as Report['summary'];
  summary.total = cells.length;
  return summary;
}

export function buildReport(cells: CellResult[], meta: ReportMeta): Report {
  const summary = summarize(cells);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'compatlab', version: toolVersion },
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    durationMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
    host: { platform: process.platform, arch: process.arch, node: process.version },
    runtime: meta.runtime,
    matrices: meta.matrices,
    summary,
    cells,
  };
  return scrubSecrets(report, meta.secrets);
}

/**
 * Server logs and driver errors may echo a statement with a password in it: every string is scrubbed. The walk
 * also makes any value JSON-safe (BigInt, Buffer, Date, cycles), so building a report never throws on what a
 * driver returned.
 */
export function scrubSecrets<T>(value: T, secrets: Iterable<string>): T {
  const list = [...secrets];
  const scrub = (text: string) => scrubText(text, list);
  const walk = (v: JsonValue): JsonValue => {
    if (typeof v === 'string') return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(jsonSafeReport(value)) as T;
}

/** Like `jsonSafe`, but whole: the report's own texts (server logs, reasons) are never cut. */
function jsonSafeReport(value: unknown, seen = new WeakSet<object>()): JsonValue {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return jsonSafe(value);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => jsonSafeReport(v, seen));
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, jsonSafeReport(v, seen)]),
    );
  } finally {
    seen.delete(value);
  }
}

/** Why a known failure's cells checked nothing: `its 2 cells were skipped: <each distinct reason>`. */
export function skippedWhy(cells: ({ reason?: string } | undefined)[]): string {
  const reasons = [...new Set(cells.map((c) => c?.reason ?? 'not run'))];
  return `its ${cells.length === 1 ? 'cell was' : `${cells.length} cells were`} skipped: ${reasons.join('; ')}`;
}
