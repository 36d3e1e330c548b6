import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../core/report.js';
import { UsageError, errorMessage } from '../core/errors.js';

/** A report directory (its `report.json`) or a `report.json` file. */
export async function loadReport(where: string): Promise<Report> {
  let file = where;
  try {
    if ((await stat(where)).isDirectory()) file = path.join(where, 'report.json');
    const report = JSON.parse(await readFile(file, 'utf8')) as Report;
    if (report.schemaVersion !== 1 || !Array.isArray(report.cells)) throw new Error('not a compatlab report (schemaVersion 1)');
    return report;
  } catch (error) {
    throw new UsageError(`${file}: cannot read a report: ${errorMessage(error)}`);
  }
}
