/**
 * `compatlab clean --warm-images` against the real Docker engine, on warm-labelled images this test builds
 * under a repository of its own: the lab's warm images are never listed, let alone removed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanWarmImages } from '../../src/cli/clean-command.js';
import type { Logger } from '../../src/core/context.js';
import { dockerEngine } from '../helpers/optional-tool.js';
import { labels } from '../../src/runtimes/docker/labels.js';
import { recordFile, warmLabel } from '../../src/runtimes/docker/warm-images.js';

const dockerTool = await dockerEngine();
const { probe } = dockerTool;
const repository = `compatlab-warm/clean-test-${randomBytes(4).toString('hex')}`;
const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-clean-warm-'));
let container = '';

afterAll(async () => {
  if (container) await execa('docker', ['rm', '--force', container], { reject: false });
  await execa('docker', ['rmi', `${repository}:unused`, `${repository}:used`], { reject: false });
  await rm(cacheDir, { recursive: true, force: true });
});

/** An image with no layers, told apart by its label value. */
async function build(tag: string): Promise<string> {
  const dockerfile = `FROM scratch\nLABEL ${warmLabel}="compatlab clean test: ${tag}"\n`;
  await execa('docker', ['build', '--quiet', '--tag', `${repository}:${tag}`, '-'], { input: dockerfile });
  const { stdout } = await execa('docker', ['image', 'inspect', '--format', '{{.Id}}', `${repository}:${tag}`]);
  return stdout.trim();
}

const lines: string[] = [];
// The messages as read: picocolors colours them when $CI is set, as .ci/run does.
const logger: Logger = {
  info: (m) => lines.push(stripVTControlCharacters(m)),
  warn: (m) => lines.push(stripVTControlCharacters(m)),
  progress() {},
};
const clean = async (all: boolean) => {
  lines.length = 0;
  if (!probe.ok) throw new Error(`no Docker engine answers: ${probe.reason}`);
  const removed = await cleanWarmImages(probe.client, { warmImages: true, all }, logger, { repository, cacheDir });
  return { removed, lines: [...lines].sort() };
};
const exists = async (tag: string) =>
  (await execa('docker', ['image', 'inspect', `${repository}:${tag}`], { reject: false })).exitCode === 0;

describe.skipIf(dockerTool.skip)('compatlab clean --warm-images', () => {
  it('keeps what a running compatlab may use; with --all removes the unused image and its init password, never one in use', async () => {
    const unused = await build('unused');
    await build('used');
    const record = recordFile(cacheDir, unused);
    await mkdir(path.dirname(record), { recursive: true });
    await writeFile(record, '{}');
    // A compatlab container of this (running) process, made from `used`; never started.
    const created = await execa('docker', [
      'create',
      '--label',
      `${labels.run}=clean-warm-images-test`,
      '--label',
      `${labels.pid}=${process.pid}`,
      `${repository}:used`,
      '/none',
    ]);
    container = created.stdout.trim();
    const short = container.slice(0, 12);

    const polite = await clean(false);
    expect(polite.removed).toBe(0);
    expect(polite.lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^kept image ${repository}:unused: compatlab process(es)? (\\d+, )*${process.pid}\\b.* may start servers from it \\(--all: remove it anyway\\)$`,
        ),
      ),
      `kept image ${repository}:used: container ${short} of compatlab process ${process.pid} uses it`,
    ]);

    const all = await clean(true);
    expect(all).toEqual({
      removed: 1,
      lines: [
        `kept image ${repository}:used: container ${short} of compatlab process ${process.pid} uses it`,
        `removed image ${repository}:unused`,
      ],
    });
    expect([await exists('unused'), await exists('used'), existsSync(record)]).toEqual([false, true, false]);
  });
});
