import { rm } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { completeInstalls, installOnce } from '../../core/binary-cache.js';
import type { RunContext } from '../../core/context.js';
import { checksumIn, downloadFile, get } from '../../core/download.js';
import { InfraError, errorMessage } from '../../core/errors.js';
import type { BinarySource } from '../../core/server-binaries.js';
import { assertServerVersion, checkedBinaries } from './maven-binaries.js';

/**
 * MySQL's official generic Linux builds from a mirror of its download tree, named in
 * COMPATLAB_MYSQL_MIRROR (e.g. `https://mirror.example/mysql/Downloads`):
 * `<mirror>/MySQL-8.0/mysql-8.0.40-linux-glibc2.28-x86_64.tar.xz`, with a `.sha256` or `.md5`
 * file beside each archive. A mirror cannot be listed: exact versions only (`8.0.40`).
 */
export const mirrorMysqlSource: BinarySource = {
  name: 'a MySQL mirror (COMPATLAB_MYSQL_MIRROR)',
  async versions(ctx) {
    return completeInstalls(cacheDir(ctx));
  },
  async fetch(version, ctx) {
    const mirror = process.env.COMPATLAB_MYSQL_MIRROR?.replace(/\/+$/, '');
    const cached = (await completeInstalls(cacheDir(ctx))).includes(version);
    if ((!mirror && !cached) || !/^\d+\.\d+\.\d+$/.test(version)) return undefined;
    const dir = path.join(cacheDir(ctx), version);
    const origin = await installOnce(dir, `mysql ${version} from ${mirror}`, (partial) => fromMirror(mirror!, version, partial, ctx), ctx);
    return checkedBinaries({ version, root: dir, bin: path.join(dir, 'bin'), origin });
  },
};

function cacheDir(ctx: RunContext): string {
  return path.join(ctx.cacheDir, 'mysql', 'mirror');
}

/** The archive names of an official build, newest glibc first: which ones exist depends on the release. */
export function archiveNames(version: string, arch = 'x86_64'): string[] {
  return ['2.28', '2.17', '2.12'].map((glibc) => `mysql-${version}-linux-glibc${glibc}-${arch}.tar.xz`);
}

export function archiveUrl(mirror: string, version: string, name: string): string {
  return `${mirror}/MySQL-${version.split('.').slice(0, 2).join('.')}/${name}`;
}

async function fromMirror(mirror: string, version: string, dir: string, ctx: RunContext): Promise<string> {
  for (const name of archiveNames(version)) {
    const url = archiveUrl(mirror, version, name);
    const checksum = await expectedChecksum(url, ctx);
    if (!checksum) continue;
    const archive = path.join(dir, name);
    const actual = await downloadFile(url, archive, checksum.algorithm, ctx);
    if (actual !== checksum.digest)
      throw new InfraError(`${url}: ${checksum.algorithm} ${actual} does not match the mirror's ${checksum.digest}`);
    ctx.logger.progress(`unpacking ${name}`);
    await execa('tar', ['-xJf', archive, '-C', dir, '--strip-components=1'], { cancelSignal: ctx.signal });
    await rm(archive);
    const origin = `${url} (${checksum.algorithm} checked)`;
    await assertServerVersion(path.join(dir, 'bin', 'mysqld'), version, origin);
    return origin;
  }
  throw new InfraError(
    `${mirror} has none of ${archiveNames(version).join(', ')} (with a .sha256 or .md5 beside it) under MySQL-${version.split('.').slice(0, 2).join('.')}/`,
  );
}

async function expectedChecksum(url: string, ctx: RunContext): Promise<{ algorithm: string; digest: string } | undefined> {
  for (const algorithm of ['sha256', 'md5']) {
    try {
      return { algorithm, digest: checksumIn(await (await get(`${url}.${algorithm}`, ctx)).text()) };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      ctx.logger.progress(`no ${url}.${algorithm}: ${errorMessage(error)}`);
    }
  }
  return undefined;
}
