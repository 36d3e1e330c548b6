import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../core/report.js';
import { UsageError, errorMessage } from '../core/errors.js';
import { journalFile, readJournal } from '../runner/journal.js';
import { reportFromJournal } from '../runner/run-report.js';

/**
 * A report directory (its `report.json`) or a `report.json` file. A directory whose run died before writing
 * `report.json` gives the report rebuilt from its `cells.jsonl`.
 */
export async function loadReport(where: string): Promise<Report> {
  let file = where;
  try {
    if ((await stat(where)).isDirectory()) {
      file = path.join(where, 'report.json');
      const journal = await readJournal(where).catch(() => undefined);
      if (journal && !(await stat(file).catch(() => undefined))) return reportFromJournal(journal, path.join(where, journalFile));
    }
    const report = JSON.parse(await readFile(file, 'utf8')) as Report;
    if (report.schemaVersion !== 1 || !Array.isArray(report.cells)) throw new Error('not a compatlab report (schemaVersion 1)');
    return report;
  } catch (error) {
    throw new UsageError(`${file}: cannot read a report: ${errorMessage(error)}`);
  }
}
