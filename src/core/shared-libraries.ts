import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { SkipError } from './errors.js';

/** The shared libraries `ldd` cannot find for `binary` (`libaio.so.1`). */
export async function missingLibraries(binary: string): Promise<string[]> {
  const { execa } = await import('execa');
  const { stdout } = await execa('ldd', [binary], { reject: false });
  return [...stdout.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1]!);
}

/**
 * Debian 13 and Ubuntu 24.04 renamed libaio.so.1 to libaio.so.1t64 (the 64-bit time_t transition;
 * on 64-bit machines the library is the same): builds linked against the old name are given a link.
 */
const renamed: Readonly<Record<string, string>> = { 'libaio.so.1': 'libaio.so.1t64' };

/** Debian/Ubuntu packages that provide what official builds need and minimal systems lack. */
const packages: Readonly<Record<string, string>> = {
  'libaio.so.1': 'libaio1 (libaio1t64 on Debian 13 / Ubuntu 24.04)',
  'libnuma.so.1': 'libnuma1',
  'liburing.so.2': 'liburing2',
  'libncurses.so.6': 'libncurses6',
};

/**
 * Makes sure `binary` can be loaded: links a renamed system library into `libDir` (one of the
 * build's own library directories), else skips naming the packages to install.
 */
export async function assertLibrariesResolve(binary: string, libDir: string, what: string): Promise<void> {
  let missing = await missingLibraries(binary);
  for (const name of missing) {
    const system = renamed[name] && (await systemLibrary(renamed[name]));
    if (system && !existsSync(path.join(libDir, name))) await symlink(system, path.join(libDir, name));
  }
  if (missing.length > 0) missing = await missingLibraries(binary);
  if (missing.length > 0) {
    throw new SkipError(
      `${what} cannot load ${missing.join(', ')}; install ${missing.map((m) => packages[m] ?? `the package that has ${m}`).join(', ')}`,
      { machineLacks: true },
    );
  }
}

async function systemLibrary(name: string): Promise<string | undefined> {
  const { execa } = await import('execa');
  const { stdout } = await execa('ldconfig', ['-p'], { reject: false });
  return new RegExp(`^\\s*${name.replaceAll('.', '\\.')} \\(([^)]*)\\) => (\\S+)$`, 'm').exec(stdout)?.[2];
}
