import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../../core/context.js';
import { InfraError, SkipError } from '../../core/errors.js';
import { packageFile } from '../../core/package-file.js';
import { cachedDir } from '../cached-dir.js';

export interface ProbeBuild {
  /** The module and version the probe requires, e.g. `github.com/jackc/pgx/v5` `v5.7.1`. */
  module: string;
  version: string;
  /** The build tag choosing the driver's file in `clients/go/`. */
  tag: string;
  /** Import paths to rewrite in the driver's file (pgx v4 from the v5 source). */
  imports?: Record<string, string>;
}

export interface ProbeRecord {
  module: string;
  version: string;
  go: string;
  /** The module's go.sum line, checked by the go command against the checksum database. */
  sum?: string;
}

const sources = { common: ['main.go', 'sqldb.go'], driver: (tag: string) => `${tag}.go` };

/** Per run: the go command is asked its version once. */
let goVersion: Promise<string> | undefined;

/**
 * The Go probe built for one driver version: a go.mod requiring it, `go build` with the module proxy
 * and checksum database (GOFLAGS=-mod=mod), cached by driver, version, Go version and probe source
 * in `<cache>/go/…/probe`, and reused offline.
 */
export async function goProbe(build: ProbeBuild, ctx: RunContext): Promise<{ binary: string; record: ProbeRecord }> {
  goVersion ??= askGoVersion();
  const go = await goVersion;
  const files = [...sources.common, sources.driver(build.tag)];
  const hash = createHash('sha256').update(JSON.stringify(build.imports ?? {}));
  for (const file of files) hash.update(await readFile(packageFile(`clients/go/${file}`)));
  const dir = path.join(ctx.cacheDir, 'go', build.module.replaceAll('/', '__'), build.version, `${go}-${hash.digest('hex').slice(0, 12)}`);
  const { record } = await cachedDir(dir, ctx, `building the Go probe with ${build.module}@${build.version} (${go})`, async (partial) => {
    const src = path.join(partial, 'src');
    await mkdir(src);
    for (const file of files) await copyFile(packageFile(`clients/go/${file}`), path.join(src, file));
    const driverFile = path.join(src, sources.driver(build.tag));
    let text = await readFile(driverFile, 'utf8');
    for (const [from, to] of Object.entries(build.imports ?? {})) text = text.replaceAll(`"${from}"`, `"${to}"`);
    await writeFile(driverFile, text);
    await writeFile(path.join(src, 'go.mod'), `module compatlab.dev/goprobe\n\ngo 1.21\n\nrequire ${build.module} ${build.version}\n`);
    const { execa } = await import('execa');
    const result = await execa('go', ['build', '-tags', build.tag, '-trimpath', '-o', path.join(partial, 'probe'), '.'], {
      cwd: src,
      env: { GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
      reject: false,
      all: true,
      cancelSignal: ctx.signal,
    });
    if (result.exitCode !== 0) {
      const output = result.all?.trim() ?? '';
      if (/unknown revision|invalid version|no matching versions|not found/.test(output)) {
        throw new SkipError(`${build.module}@${build.version} cannot be had from the Go module proxy: ${output.split('\n').at(-1)}`);
      }
      throw new InfraError(`go build of the probe with ${build.module}@${build.version} failed:\n${output}`);
    }
    const sums = await readFile(path.join(src, 'go.sum'), 'utf8').catch(() => '');
    const sum = sums.split('\n').find((line) => line.startsWith(`${build.module} ${build.version} `));
    return { module: build.module, version: build.version, go, sum };
  });
  return { binary: path.join(dir, 'probe'), record };
}

async function askGoVersion(): Promise<string> {
  const { execa } = await import('execa');
  const result = await execa('go', ['env', 'GOVERSION'], { reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new SkipError('Go drivers are built with the go command, and this machine has none on its PATH; install Go 1.21 or later', {
      machineLacks: true,
    });
  }
  return result.stdout.trim();
}
