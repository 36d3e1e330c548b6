/**
 * Tests that need an optional tool (Docker, a JDK, Debian's JDBC jars, chromium) skip with the reason on a
 * machine without it, and fail under `CI=true`, where every tool must be there (`.ci/run` installs them).
 */
import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { jdbcDrivers, jdbcPools } from '../../src/clients/jdbc/artifacts.js';
import { findJdk, installHint } from '../../src/clients/jdbc/java.js';
import { errorMessage } from '../../src/core/errors.js';
import { probeDocker } from '../../src/runtimes/docker/docker-client.js';
import { underCi } from '../../src/vitest/ci.js';
import { chromiumPath } from './browser.js';

export { underCi };

export interface OptionalTool {
  readonly name: string;
  /** Why the tool is missing here; undefined when it is present. */
  readonly missing?: string;
  /** For `describe.skipIf` / `it.skipIf`: missing, and not under CI. */
  readonly skip: boolean;
  /** In a hook or test: throws the reason when the tool is missing (under CI the tests run and fail with it). */
  assert(): void;
}

export function optionalTool(name: string, missing: string | undefined): OptionalTool {
  const skip = missing !== undefined && !underCi();
  if (missing !== undefined)
    console.warn(`${name} is missing: ${missing}${skip ? '; its tests are skipped (under CI=true they fail)' : ''}`);
  return {
    name,
    missing,
    skip,
    assert() {
      if (missing !== undefined) throw new Error(`${name} is missing: ${missing}`);
    },
  };
}

const absent = (file: string) =>
  access(file).then(
    () => undefined,
    () => file,
  );

export async function dockerEngine(): Promise<OptionalTool & { probe: Awaited<ReturnType<typeof probeDocker>> }> {
  const probe = await probeDocker();
  const missing = probe.ok ? undefined : `no Docker engine answers (${probe.reason}); start one: bash .ci/docker-engine.sh start`;
  return { ...optionalTool('Docker', missing), probe };
}

/** The jdbc client's drivers and pools from Debian, used when a matrix names no version (what `.ci/run` installs). */
const debianJars = [
  ...Object.values(jdbcDrivers).flatMap((d) => (d.debian ? [d.debian] : [])),
  ...Object.values(jdbcPools).flatMap((p) => p.debian ?? []),
];

export async function jdbcJars(): Promise<OptionalTool> {
  const noJdk = await findJdk().then(() => undefined, errorMessage);
  const missing = (await Promise.all(debianJars.map(async (jar) => ((await absent(jar.file)) ? jar : undefined)))).filter(
    (jar) => jar !== undefined,
  );
  const packages = [...new Set(missing.map((jar) => jar.debian))];
  return optionalTool(
    'the JDBC drivers and pools',
    noJdk ??
      (missing.length > 0
        ? `${missing.map((jar) => jar.file).join(', ')} not found; install: ${installHint(packages.join(' '))}`
        : undefined),
  );
}

export async function chromium(): Promise<OptionalTool> {
  const missing = await absent(chromiumPath);
  return optionalTool('chromium', missing && `${missing} not found; install: apt-get install -y chromium, or set CHROMIUM_PATH`);
}

/** A tool that answers a command, e.g. `go version`. */
export async function commandTool(what: string, command: string, args: string[]): Promise<OptionalTool> {
  const result = await execa(command, args, { reject: false, all: true });
  const failure = result.exitCode === undefined ? 'not found' : `failed: ${result.all?.trim().split('\n').at(-1)}`;
  return optionalTool(what, result.exitCode === 0 ? undefined : `\`${[command, ...args].join(' ')}\` ${failure}`);
}
