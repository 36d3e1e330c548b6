import { readFile, writeFile } from 'node:fs/promises';
import pc from 'picocolors';
import type { Loaded } from '../config/load.js';
import type { Matrix } from '../config/schema.js';
import type { Logger } from '../core/context.js';
import type { CellResult } from '../core/report.js';
import { applyKnownFailureUpdate, missingLink, planKnownFailureUpdate } from '../history/known-failures.js';

/** Prints a paste-ready `knownFailures` block for each matrix whose list is out of date; writes it with `--update-known`. */
export async function reportKnownFailures(
  matrices: Loaded<Matrix>[],
  cells: CellResult[],
  write: boolean,
  logger: Logger,
): Promise<string[]> {
  const updated: string[] = [];
  for (const m of matrices) {
    const mine = cells.filter((c) => c.matrixFile === m.file);
    const update = planKnownFailureUpdate(m.value.knownFailures, mine);
    for (const index of update.different) {
      logger.warn(`${m.file}: knownFailures[${index}] (${m.value.knownFailures[index]!.link}) now fails differently; update it by hand`);
    }
    if (update.stale.length === 0 && update.added.length === 0) continue;
    const { text, block } = applyKnownFailureUpdate(await readFile(m.file, 'utf8'), update);
    const what = [
      update.stale.length > 0 ? `${update.stale.length} known failure(s) no longer fail` : '',
      update.added.length > 0 ? `${update.added.length} new failure(s)` : '',
    ].filter(Boolean);
    if (write) {
      await writeFile(m.file, text);
      logger.info(`${m.file}: ${what.join(', ')}; knownFailures updated (--update-known)`);
      updated.push(m.file);
    } else {
      logger.info(`\n${m.file}: ${what.join(', ')}. Paste-ready (or re-run with --update-known):\n${pc.dim(block.trimEnd())}`);
    }
    if (update.added.some((k) => k.link === missingLink)) logger.warn(`${m.file}: give the new entries their issue link`);
  }
  return updated;
}
