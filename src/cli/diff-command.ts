import path from 'node:path';
import { diffReports, hasRegressions } from '../history/diff.js';
import { diffMarkdown, diffTerminal } from '../reporters/diff-format.js';
import { loadReport } from '../history/load-report.js';
import { writeFile } from 'node:fs/promises';

export interface DiffCommandOptions {
  markdown?: string;
}

/** Exit 1 when a cell regressed or became flaky, so CI can gate on it. */
export async function diffCommand(oldPath: string, newPath: string, options: DiffCommandOptions): Promise<number> {
  const [old, next] = await Promise.all([loadReport(oldPath), loadReport(newPath)]);
  const diff = diffReports(old, next, path.relative(process.cwd(), path.resolve(oldPath)) || '.');
  console.log(diffTerminal(diff));
  if (options.markdown !== undefined) {
    const markdown = `${diffMarkdown(diff)}\n`;
    if (options.markdown === '-') process.stdout.write(markdown);
    else await writeFile(options.markdown, markdown);
  }
  return hasRegressions(diff) ? 1 : 0;
}
