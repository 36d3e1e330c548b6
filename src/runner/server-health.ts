import type { Engine } from '../core/engine.js';
import { errorMessage } from '../core/errors.js';
import type { CellResult } from '../core/report.js';
import type { RunningServer } from '../runtimes/runtime.js';
import { withAdmin } from './admin.js';

const logLines = 15;

/**
 * A cell that did not pass may have killed its server. A server that no longer answers is a finding
 * about this cell: it becomes `error` with the server's last log lines, and the runner gives the next
 * cell a fresh server.
 */
export async function checkServerAfter(result: CellResult, server: RunningServer, engine: Engine): Promise<CellResult> {
  if (result.status === 'pass' || result.status === 'skipped') return result;
  try {
    await withAdmin(server, engine, (admin) => admin.versionString());
    return result;
  } catch (error) {
    const log = server.log.all().slice(-logLines);
    const reason = `the server stopped answering during this cell (${errorMessage(error)})${result.reason ? `; ${result.reason}` : ''}\nlast server log lines:\n${log.join('\n')}`;
    return { ...result, status: 'error', reason };
  }
}
