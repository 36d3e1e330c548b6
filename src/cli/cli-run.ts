import path from 'node:path';
import { prepareRun, type PreparedRun } from '../runner/prepare-run.js';
import { scrubbingLogger } from '../core/secrets.js';
import { terminalLogger } from './terminal-logger.js';

/** A run as the CLI's commands make it: terminal output, Ctrl-C, and reports in --report-dir or reports/<prefix><time>. */
export async function prepareCliRun(
  options: { runtime?: string; images?: string; reportDir?: string },
  prefix = '',
): Promise<{ run: PreparedRun; dir: string; logger: ReturnType<typeof terminalLogger> }> {
  const dir = options.reportDir ?? path.join('reports', `${prefix}${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const terminal = terminalLogger();
  const run = await prepareRun({
    runtime: options.runtime,
    images: options.images,
    logger: terminal,
    interruptible: true,
    reportDir: dir,
    reportDirOption: options.reportDir ? '--report-dir' : undefined,
  });
  // Cell reasons and evidence printed by the commands may quote server log lines, passwords included.
  const logger = { ...scrubbingLogger(terminal, run.ctx.secrets), clearProgress: () => terminal.clearProgress() };
  return { run, dir, logger };
}
