import type { Logger } from '../core/context.js';
import type { Report } from '../core/report.js';
import { writeReports } from '../reporters/write.js';
import { reason } from '../core/usable-dir.js';

/** Writes every format; says what could not be written. `ok` is false when a report is missing. */
export async function saveReports(report: Report, dir: string, latestLink: string | undefined, logger: Logger) {
  try {
    const { written, failures } = await writeReports(report, dir, { latestLink });
    for (const failure of failures) logger.warn(`could not write the ${failure.format} report in ${dir}: ${reason(failure.error)}`);
    return { written, ok: failures.every((f) => f.format === 'latest-link') };
  } catch (error) {
    logger.warn(`could not write the reports in ${dir}: ${reason(error)}`);
    return { written: [], ok: false };
  }
}
