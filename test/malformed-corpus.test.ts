/**
 * Hundreds of malformed scenario and matrix files, generated from the shipped ones, through `validate` and
 * `run`: each must be refused with exit 2, a message naming file:line:column (and the field, where there is
 * one), no stack trace, in bounded time and memory, before any server starts. Files go through the commands
 * in-process one by one (for timings), then through the real CLI in a few batches.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/run-command.js';
import { validateCommand } from '../src/cli/validate-command.js';
import { displayName } from '../src/config/load.js';
import { InputError, UsageError } from '../src/core/errors.js';
import { malformedCases, type Case } from './corpus/malformed.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(repo, 'bin', 'compatlab.js');
const shippedScenarios = path.join(repo, 'scenarios');
const cases = malformedCases();
// If a file were wrongly accepted, run stops here, before any server, with a message naming no corpus file.
const noReports = '/proc/nope';
const maxMs = 20_000;
/** Growth of the process while one file is handled; /dev/zero once took 1.2 GB. */
const maxGrowthBytes = 512 * 1024 ** 2;

let dir = '';
const fileOf = (c: Case) => (c.kind === 'scenario' ? path.join(dir, 's', c.name, `${c.name}.yaml`) : path.join(dir, 'm', `${c.name}.yaml`));
const genericMatrix = () => path.join(dir, 'generic.yaml');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function writeCase(c: Case): Promise<void> {
  const file = fileOf(c);
  await mkdir(path.dirname(file), { recursive: true });
  const { content } = c;
  if (typeof content === 'string' || Buffer.isBuffer(content)) return writeFile(file, content);
  if (content.special === 'fifo') execFileSync('mkfifo', [file]);
  if (content.special === 'dev-zero') await symlink('/dev/zero', file);
  if (content.special === 'directory') await mkdir(file);
}

/** The command in this process, with main.ts's mapping of errors to exit codes. */
async function inProcess(run: () => Promise<number>): Promise<{ exitCode: number; lines: string[]; stack?: string }> {
  try {
    return { exitCode: await run(), lines: [] };
  } catch (error) {
    if (error instanceof InputError || error instanceof UsageError) return { exitCode: 2, lines: error.message.split('\n') };
    return { exitCode: 1, lines: [String(error)], stack: (error as Error).stack };
  }
}

function expectRefused(c: Case, outcome: { exitCode: number; lines: string[]; stack?: string }, display: string): void {
  const where = `${c.name}: ${outcome.lines.slice(0, 3).join(' | ')}${outcome.stack ?? ''}`;
  expect(outcome.exitCode, where).toBe(2);
  const located = new RegExp(`^${escape(display)}:\\d+:\\d+: `);
  expect(
    outcome.lines.every((line) => located.test(line)),
    where,
  ).toBe(true);
  if (c.field !== undefined) {
    expect(
      outcome.lines.some((line) => new RegExp(`^${escape(display)}:\\d+:\\d+: ${escape(c.field!)}`).test(line)),
      `${where} (field ${c.field})`,
    ).toBe(true);
  }
}

describe(`a corpus of ${cases.length} malformed files`, () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-corpus-'));
    for (const c of cases) await writeCase(c);
    await writeFile(genericMatrix(), `title: g\nservers: [postgres@15.9, mysql@9.7]\nclients: [pg, mysql2]\nscenarios: ['*']\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is at least 200 files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it('validate and run refuse every file, in bounded time and memory', async () => {
    const timings: { name: string; ms: number }[] = [];
    let maxRss = 0;
    let maxGrowth = { name: '', bytes: 0 };
    for (const c of cases) {
      const rssBefore = process.memoryUsage().rss;
      const file = fileOf(c);
      const display = displayName(file);
      const scenariosDir = c.kind === 'scenario' ? path.dirname(file) : shippedScenarios;
      const started = performance.now();
      expectRefused(c, await inProcess(() => validateCommand([file], { scenariosDir })), display);
      const matrixFile = c.kind === 'scenario' ? genericMatrix() : file;
      expectRefused(c, await inProcess(() => runCommand([matrixFile], { runtime: 'local', scenariosDir, reportDir: noReports })), display);
      const ms = performance.now() - started;
      timings.push({ name: c.name, ms });
      const rss = process.memoryUsage().rss;
      maxRss = Math.max(maxRss, rss);
      if (rss - rssBefore > maxGrowth.bytes) maxGrowth = { name: c.name, bytes: rss - rssBefore };
      expect(ms, c.name).toBeLessThan(maxMs);
      expect(rss - rssBefore, c.name).toBeLessThan(maxGrowthBytes);
    }
    const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
    const total = timings.reduce((sum, t) => sum + t.ms, 0);
    console.log(
      `corpus: ${cases.length} files (${cases.filter((c) => c.kind === 'scenario').length} scenarios, ${cases.filter((c) => c.kind === 'matrix').length} matrices), ` +
        `validate + run each in ${(total / 1000).toFixed(1)} s; slowest ${slowest.name} ${slowest.ms.toFixed(0)} ms; ` +
        `largest growth ${maxGrowth.name} ${(maxGrowth.bytes / 1e6).toFixed(0)} MB; max RSS ${(maxRss / 1e6).toFixed(0)} MB`,
    );
  });

  it('the real CLI refuses them in batches: exit 2, every file named with line and column, no stack trace', async () => {
    const cli = (args: string[]) => execa('node', [bin, ...args], { cwd: dir, reject: false, all: true, env: { NO_COLOR: '1' } });
    const display = (c: Case) => path.relative(dir, fileOf(c));
    const files = (pick: (c: Case) => boolean) => cases.filter(pick);
    const batches: [Case[], string[]][] = [
      [files((c) => !c.reference), ['validate', '--scenarios-dir', 's', ...files((c) => !c.reference).map(display)]],
      [files((c) => !!c.reference), ['validate', '--scenarios-dir', shippedScenarios, ...files((c) => !!c.reference).map(display)]],
      [
        files((c) => c.kind === 'matrix' && !c.reference),
        [
          'run',
          ...files((c) => c.kind === 'matrix' && !c.reference).map(display),
          '--scenarios-dir',
          shippedScenarios,
          '--runtime',
          'local',
          '--report-dir',
          noReports,
        ],
      ],
      [
        files((c) => c.kind === 'matrix' && !!c.reference),
        [
          'run',
          ...files((c) => !!c.reference).map(display),
          '--scenarios-dir',
          shippedScenarios,
          '--runtime',
          'local',
          '--report-dir',
          noReports,
        ],
      ],
      [
        files((c) => c.kind === 'scenario'),
        ['run', 'generic.yaml', '--scenarios-dir', 's', '--runtime', 'local', '--report-dir', noReports],
      ],
    ];
    for (const [expected, args] of batches) {
      const result = await cli(args);
      expect(result.exitCode, result.all.slice(0, 2000)).toBe(2);
      expect(result.all).not.toMatch(/^\s+at |Error:|Unhandled/m);
      for (const line of result.all.split('\n')) expect(line).toMatch(/^[^\s:]+:\d+:\d+: \S/);
      for (const c of expected) expect(result.all, c.name).toMatch(new RegExp(`^${escape(display(c))}:\\d+:\\d+: `, 'm'));
    }
  });
});
