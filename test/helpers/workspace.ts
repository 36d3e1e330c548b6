import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';

// The CLI from source, so tests see the code as it is now, not the last build.
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A throw-away project folder with the given files, and the real CLI run inside it. */
export async function workspace(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-test-'));
  await mkdir(path.join(dir, 'scenarios'));
  await mkdir(path.join(dir, 'matrix'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  // `npx compatlab …` inside the folder runs this checkout, as it would where compatlab is installed.
  await mkdir(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  const shim = `#!/bin/sh\nexec node --import '${tsx}' '${main}' "$@"\n`;
  await writeFile(path.join(dir, 'node_modules', '.bin', 'compatlab'), shim, { mode: 0o755 });
  return {
    dir,
    cli: (args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false; all: true }> =>
      execa('node', ['--import', tsx, main, ...args], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1', ...env } }),
    /** A command line as a person would paste it into a shell. */
    shell: (command: string): ResultPromise<{ reject: false; all: true; shell: true }> =>
      execa(command, { cwd: dir, reject: false, all: true, shell: true, env: { NO_COLOR: '1' } }),
    [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Resolves once the running CLI has printed text matching `pattern`; rejects if it exits first. */
export function printed(run: PromiseLike<{ all?: unknown }> & { all: Readable }, pattern: RegExp): Promise<void> {
  let output = '';
  return new Promise<void>((resolve, reject) => {
    run.all.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) resolve();
    });
    run.then((result) => reject(new Error(`compatlab exited before printing ${String(pattern)}:\n${String(result.all)}`)), reject);
  });
}
