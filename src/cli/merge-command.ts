import { mergeReports } from '../history/merge.js';
import { loadReport } from '../history/load-report.js';
import { saveReports } from './save-reports.js';
import { terminalLogger } from './terminal-logger.js';
import { assertUsableDir } from '../core/usable-dir.js';

export async function mergeCommand(dirs: string[], options: { reportDir: string }): Promise<number> {
  await assertUsableDir(options.reportDir, `--report-dir ${options.reportDir}`);
  const report = mergeReports(await Promise.all(dirs.map(loadReport)));
  const logger = terminalLogger();
  const saved = await saveReports(report, options.reportDir, undefined, logger);
  const s = report.summary;
  logger.info(`${dirs.length} reports, ${s.total} cells merged into ${saved.written.join(', ') || 'nothing'}`);
  if (!saved.ok) return 2;
  if (report.missingCells) {
    logger.warn(
      `${report.missingCells.length} cells of the plan are in no report (a shard missing?):\n${report.missingCells.map((key) => `  ${key}`).join('\n')}`,
    );
    return 1;
  }
  return s.fail + s.error + s.flaky > 0 ? 1 : 0;
}
