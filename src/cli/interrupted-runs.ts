import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core/context.js';
import { errorMessage } from '../core/errors.js';
import { loadReport } from '../history/load-report.js';
import { journalFile, readJournal } from '../runner/journal.js';
import { isNodeProcess } from './local-leftovers.js';
import { saveReports } from './save-reports.js';

/**
 * Writes the reports of runs under `root` that died (SIGKILL, a power cut) before writing them, from the
 * cells their journal kept; a run whose process still lives is left to finish.
 */
export async function completeInterruptedRuns(root: string, logger: Logger): Promise<void> {
  const dirs = (await readdir(root, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => path.join(root, e.name));
  for (const dir of dirs) {
    if (!existsSync(path.join(dir, journalFile)) || existsSync(path.join(dir, 'report.json'))) continue;
    try {
      const { header, cells } = await readJournal(dir);
      if (header.pid !== undefined && header.pid !== process.pid && (await isNodeProcess(header.pid))) continue;
      const saved = await saveReports(await loadReport(dir), dir, undefined, logger);
      logger.warn(
        `the run in ${dir} ended before writing its reports; written from its journal (${cells.length} cells finished): ${saved.written.map((f) => path.basename(f)).join(', ')}`,
      );
    } catch (error) {
      logger.warn(`the run in ${dir} ended before writing its reports, and its journal cannot be read: ${errorMessage(error)}`);
    }
  }
}
