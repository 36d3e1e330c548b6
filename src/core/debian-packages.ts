import { existsSync } from 'node:fs';
import { link, mkdir, open, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cachedOrigin, installOnce } from './binary-cache.js';
import type { RunContext } from './context.js';
import { InfraError, SkipError, errorMessage } from './errors.js';

/** A package at the exact version the suite's index gives. */
export interface DebianPackage {
  name: string;
  version: string;
}

const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** Where Debian's packages come from: deb.debian.org, or the mirror in COMPATLAB_DEBIAN_MIRROR. */
export function debianMirror(): string {
  return (process.env.COMPATLAB_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian').replace(/\/+$/, '');
}

/** The machine's names for the C library's loader and library directory, on the architectures Debian builds for. */
const machines: Readonly<Record<string, { arch: string; triplet: string; loader: string }>> = {
  x64: { arch: 'amd64', triplet: 'x86_64-linux-gnu', loader: 'ld-linux-x86-64.so.2' },
  arm64: { arch: 'arm64', triplet: 'aarch64-linux-gnu', loader: 'ld-linux-aarch64.so.1' },
};

/**
 * A Debian suite's packages, fetched without installing anything: apt runs on a private index in the
 * cache (the archive's signature and every package's checksum checked by apt itself, against the
 * machine's Debian keyring) and the packages are unpacked into a directory of their own.
 */
export class DebianSuite {
  constructor(readonly suite: string) {}

  /** The version of `name` the suite has today, from today's index (an older one when offline). */
  async candidate(name: string, ctx: RunContext): Promise<string | undefined> {
    const index = await this.#index(ctx);
    const { stdout } = await apt('apt-cache', index, ['show', '--no-all-versions', name], ctx, { reject: false });
    return /^Version: (\S+)$/m.exec(stdout)?.[1];
  }

  /**
   * Downloads `wanted` and everything they depend on, as a system with nothing installed would need it
   * (so the suite's own C library too), and `alone` without what they depend on, and unpacks it all into
   * `root`. Returns what was unpacked.
   */
  async unpack(wanted: DebianPackage[], root: string, ctx: RunContext, alone: DebianPackage[] = []): Promise<DebianPackage[]> {
    const index = await this.#index(ctx);
    const debs = path.join(root, '..', '.debs');
    await mkdir(path.join(debs, 'partial'), { recursive: true });
    ctx.logger.progress(`downloading ${wanted.map((p) => p.name).join(', ')} and what they depend on from Debian ${this.suite}`);
    await apt(
      'apt-get',
      index,
      [
        'install',
        '--download-only',
        '--yes',
        '--no-install-recommends',
        '-o',
        `Dir::Cache::archives=${debs}`,
        ...wanted.map((p) => `${p.name}=${p.version}`),
      ],
      ctx,
    );
    // Packages wanted for some files only (server plugins), without what the rest of them needs.
    if (alone.length > 0) {
      await apt('apt-get', index, ['download', ...alone.map((p) => `${p.name}=${p.version}`)], ctx, { cwd: debs });
    }
    const files = (await readdir(debs)).filter((f) => f.endsWith('.deb'));
    ctx.logger.progress(`unpacking ${files.length} Debian packages`);
    await mkdir(root, { recursive: true });
    const { execa } = await import('execa');
    for (const file of files) await execa('dpkg-deb', ['--extract', path.join(debs, file), root], { cancelSignal: ctx.signal });
    await rm(debs, { recursive: true, force: true });
    return files.map((file) => {
      const [name = file, version = ''] = file.split('_');
      return { name, version: decodeURIComponent(version) };
    });
  }

  async #index(ctx: RunContext): Promise<string> {
    // One index per mirror: what a build's origin names is where apt fetched it.
    const dir = path.join(
      ctx.cacheDir,
      'debian',
      debianMirror()
        .replace(/^\w+:\/\//, '')
        .replace(/[^\w.-]+/g, '_'),
      this.suite,
    );
    const today = path.join(dir, `index-${new Date().toISOString().slice(0, 10)}`);
    const [cached, ...older] = await completeIndexes(dir);
    if (cached?.dir === today) return today;
    requireTools();
    try {
      await installOnce(today, `the package index of Debian ${this.suite}`, (partial) => this.#update(partial, ctx), ctx);
    } catch (error) {
      if (!cached || ctx.signal.aborted) throw error;
      ctx.logger.warn(
        `cannot refresh Debian ${this.suite}'s package index (${errorMessage(error)}); using the one of ${path.basename(cached.dir).slice('index-'.length)}`,
      );
      return cached.dir;
    }
    // The previous one stays: another run may be reading it.
    for (const old of older) await rm(old.dir, { recursive: true, force: true });
    return today;
  }

  async #update(dir: string, ctx: RunContext): Promise<string> {
    const machine = machineNames();
    await mkdir(path.join(dir, 'sources'), { recursive: true });
    await mkdir(path.join(dir, 'lists', 'partial'), { recursive: true });
    await writeFile(path.join(dir, 'status'), '');
    await writeFile(
      path.join(dir, 'sources', 'debian.sources'),
      [
        'Types: deb',
        `URIs: ${debianMirror()}`,
        `Suites: ${this.suite}`,
        'Components: main',
        `Architectures: ${machine.arch}`,
        `Signed-By: ${keyring}`,
        '',
      ].join('\n'),
    );
    await apt('apt-get', dir, ['update'], ctx);
    return `${debianMirror()} ${this.suite} (Release signature checked by apt)`;
  }
}

/** apt on the private index `dir`: its sources, an empty package status and no preferences; the machine's apt.conf (proxies) still applies. */
async function apt(program: string, dir: string, args: string[], ctx: RunContext, options: { reject?: boolean; cwd?: string } = {}) {
  const settings = {
    'Dir::Etc::SourceList': '/dev/null',
    'Dir::Etc::SourceParts': path.join(dir, 'sources'),
    'Dir::Etc::Preferences': '/dev/null',
    'Dir::Etc::PreferencesParts': path.join(dir, 'sources'),
    'Dir::State': dir,
    'Dir::State::Lists': path.join(dir, 'lists'),
    'Dir::State::status': path.join(dir, 'status'),
    'Dir::Cache': dir,
    'Dir::Cache::pkgcache': '',
    'Dir::Cache::srcpkgcache': '',
    'Debug::NoLocking': 'true',
    // Whatever the machine's apt.conf allows: only signed archives and authenticated packages.
    'Acquire::AllowInsecureRepositories': 'false',
    'Acquire::AllowDowngradeToInsecureRepositories': 'false',
    'APT::Get::AllowUnauthenticated': 'false',
    // As root apt downloads as the user _apt, who cannot write to a private cache.
    'APT::Sandbox::User': os.userInfo().username,
    'Acquire::Languages': 'none',
    'Acquire::IndexTargets::deb::DEP-11::DefaultEnabled': 'false',
    'Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled': 'false',
    'Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled': 'false',
    'Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled': 'false',
  };
  const { execa } = await import('execa');
  const result = await execa(program, [...Object.entries(settings).flatMap(([k, v]) => ['-o', `${k}=${v}`]), ...args], {
    cancelSignal: ctx.signal,
    reject: false,
    env: { LC_ALL: 'C' },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if (result.exitCode !== 0 && options.reject !== false) {
    const said = `${result.stderr}`.split('\n').filter((l) => /^(E|W):/.test(l));
    throw new InfraError(`${program} ${args[0]} failed: ${(said.length > 0 ? said : [`${result.stderr}`.trim()]).join('; ')}`);
  }
  return result;
}

/** The complete indexes in `dir`, newest first. */
async function completeIndexes(dir: string): Promise<{ dir: string }[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /^index-\d{4}-\d\d-\d\d$/.test(n)).sort();
  const complete: { dir: string }[] = [];
  for (const name of names.reverse()) if (await cachedOrigin(path.join(dir, name))) complete.push({ dir: path.join(dir, name) });
  return complete;
}

function machineNames(): { arch: string; triplet: string; loader: string } {
  const machine = process.platform === 'linux' ? machines[process.arch] : undefined;
  if (!machine) throw new SkipError(`Debian's packages are not used on ${process.platform}-${process.arch}`);
  return machine;
}

function requireTools(): void {
  machineNames();
  const missing = ['apt-get', 'apt-cache', 'dpkg-deb'].filter((tool) => !['/usr/bin', '/bin'].some((d) => existsSync(path.join(d, tool))));
  if (missing.length > 0)
    throw new SkipError(`fetching Debian's packages needs ${missing.join(', ')} (Debian or Ubuntu)`, { machineLacks: true });
  if (!existsSync(keyring))
    throw new SkipError(`fetching Debian's packages needs Debian's archive keys (${keyring}: install debian-archive-keyring)`, {
      machineLacks: true,
    });
}

/**
 * Makes `<dir>/bin` hold the programs of `sources` (directories inside `root`, e.g. `usr/sbin`): a script
 * as a link to itself, a compiled program as a wrapper that runs it on the unpacked suite's own C library,
 * so a build for a newer Debian runs here. The wrapper runs it through the suite's loader, copied as
 * `loader/<name>` so that the process is named after the program (`ps`, `/proc/PID/comm`), and the
 * program sees itself called by its name; `env` gives it the variables that point it at paths inside `dir`
 * instead of those compiled in. The wrapper execs: the pid is the program's. Paths are relative,
 * so `<dir>` may be copied elsewhere (into an image) whole.
 */
export async function linkPrograms(dir: string, root: string, sources: string[], env: Record<string, string> = {}): Promise<void> {
  const machine = machineNames();
  // Suites before the /usr merge (bookworm) have libraries in both.
  const libraries = [path.join(root, 'usr', 'lib', machine.triplet), path.join(root, 'lib', machine.triplet)].filter((d) => existsSync(d));
  const loader = libraries.map((d) => path.join(d, machine.loader)).find((f) => existsSync(f));
  if (!loader) throw new InfraError(`the unpacked packages have no ${machine.loader}`);
  const bin = path.join(dir, 'bin');
  await mkdir(path.join(dir, 'loader'), { recursive: true });
  await mkdir(bin, { recursive: true });
  const fromDir = (p: string) => `"$here/${path.relative(dir, p)}"`;
  for (const source of sources.map((s) => path.join(root, s))) {
    for (const name of await readdir(source).catch(() => [] as string[])) {
      const program = path.join(source, name);
      if (!(await isElf(program))) {
        await symlink(path.relative(bin, program), path.join(bin, name));
        continue;
      }
      await link(await realpath(loader), path.join(dir, 'loader', name));
      const wrapper = [
        '#!/bin/sh',
        `here=\${0%/*}/..`,
        // Paths the build has compiled in (/usr/lib/mysql/plugin), where the caller has not set them.
        ...Object.entries(env).map(([name, inDir]) => `: "\${${name}:=${fromDir(inDir)}}"; export ${name}`),
        `exec ${fromDir(path.join(dir, 'loader', name))} --library-path ${libraries.map(fromDir).join(':')} --argv0 ${name} ${fromDir(program)} "$@"`,
        '',
      ];
      await writeFile(path.join(bin, name), wrapper.join('\n'), { mode: 0o755 });
    }
  }
}

async function isElf(file: string): Promise<boolean> {
  const handle = await open(file).catch(() => undefined);
  if (!handle) return false;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.toString('latin1') === '\x7fELF';
  } finally {
    await handle.close();
  }
}
