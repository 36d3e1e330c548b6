import { mergeReports } from '../history/merge.js';
import { loadReport } from '../history/load-report.js';
import { writeReports } from '../reporters/write.js';

export async function mergeCommand(dirs: string[], options: { reportDir: string }): Promise<number> {
  const report = mergeReports(await Promise.all(dirs.map(loadReport)));
  const { written, failures } = await writeReports(report, options.reportDir);
  for (const failure of failures) console.error(`could not write the ${failure.format} report: ${String(failure.error)}`);
  const s = report.summary;
  console.log(`${dirs.length} reports, ${s.total} cells merged into ${written.join(', ')}`);
  return s.fail + s.error + s.flaky > 0 ? 1 : 0;
}
