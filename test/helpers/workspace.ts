import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

const bin = fileURLToPath(new URL('../../bin/compatlab.js', import.meta.url));

/** A throw-away project folder with the given files, and the real CLI run inside it. */
export async function workspace(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-test-'));
  await mkdir(path.join(dir, 'scenarios'));
  await mkdir(path.join(dir, 'matrix'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return {
    dir,
    cli: (args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; all: true }> =>
      execa('node', [bin, ...args], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1', ...env } }),
    [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }),
  };
}
