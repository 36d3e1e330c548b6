import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
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
  // `npx compatlab …` inside the folder runs this checkout, as it would where compatlab is installed.
  await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  await symlink(bin, path.join(dir, 'node_modules', '.bin', 'compatlab'));
  return {
    dir,
    cli: (args: string[]): ResultPromise<{ reject: false; all: true }> =>
      execa('node', [bin, ...args], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' } }),
    /** A command line as a person would paste it into a shell. */
    shell: (command: string): ResultPromise<{ reject: false; all: true; shell: true }> =>
      execa(command, { cwd: dir, reject: false, all: true, shell: true, env: { NO_COLOR: '1' } }),
    [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }),
  };
}
