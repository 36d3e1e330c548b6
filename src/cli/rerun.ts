/** The printed command that re-runs one cell, with every option that shaped it. */
import type { CellResult } from '../core/report.js';

export interface RerunOptions {
  runtime: string;
  images?: string;
  /** Set when `--server` replaced the matrices' servers. */
  server?: string[];
  scenariosDir: string;
  repeat?: number;
  freshServer?: boolean;
}

export function rerunCommand(cell: Pick<CellResult, 'id' | 'matrixFile' | 'server'>, options: RerunOptions): string {
  const args = ['npx', 'compatlab', 'run', cell.matrixFile, '--cell', cell.id];
  if (options.server && options.server.length > 0) args.push('--server', cell.server.label);
  if (options.scenariosDir !== 'scenarios') args.push('--scenarios-dir', options.scenariosDir);
  if (options.runtime !== 'auto') args.push('--runtime', options.runtime);
  if (options.images !== undefined) args.push('--images', options.images);
  if (options.repeat !== undefined && options.repeat > 1) args.push('--repeat', String(options.repeat));
  if (options.freshServer) args.push('--fresh-server');
  return args.map(shellQuote).join(' ');
}

/** POSIX shell quoting; plain words stay plain so the command reads well. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
