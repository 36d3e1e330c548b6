import { readFileSync } from 'node:fs';
import { packageFile } from '../core/package-file.js';
import { scrubText } from '../core/secrets.js';
import { cellStatuses, type CellResult, type Report } from '../core/report.js';

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

/** Server logs and driver errors may echo a statement with a password in it: scrub every string. */
export function scrubSecrets<T>(value: T, secrets: Iterable<string>): T {
  const list = [...secrets];
  if (list.length === 0) return value;
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? scrubText(v, list) : v)) as T;
}
