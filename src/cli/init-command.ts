import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { githubWorkflow, gitignoreEntry, initFiles } from './init-templates.js';

export interface InitOptions {
  ci?: string;
  force?: boolean;
}

const ciChoices: Record<string, Record<string, string>> = { github: githubWorkflow };
const npmDefaultTest = 'echo "Error: no test specified" && exit 1';

/** Writes the example files; refuses to replace any of them without `--force`, before writing anything. */
export async function initCommand(options: InitOptions, dir = process.cwd()): Promise<number> {
  const ci = options.ci === undefined ? {} : ciChoices[options.ci];
  if (!ci) throw new UsageError(`unknown --ci "${options.ci}"; available: ${Object.keys(ciChoices).join(', ')}`);
  const files = { ...initFiles, ...ci };
  const existing = Object.keys(files).filter((f) => existsSync(path.join(dir, f)));
  if (existing.length > 0 && !options.force) {
    throw new UsageError(`compatlab init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; --force replaces them`);
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
    console.log(`${existing.includes(file) ? 'replaced' : 'created'} ${file}`);
  }
  if (await ensureGitignore(dir)) console.log(`added ${gitignoreEntry} to .gitignore`);
  if (await ensureTestScript(dir)) console.log('set "test": "vitest run" in package.json');
  console.log(
    '\nnext:\n  npx compatlab run   # every cell, reports in reports/latest/\n  npm test            # the same cells as vitest tests',
  );
  return 0;
}

async function ensureGitignore(dir: string): Promise<boolean> {
  const file = path.join(dir, '.gitignore');
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text.split(/\r?\n/).some((line) => ['reports', 'reports/', '/reports', '/reports/'].includes(line.trim()))) return false;
  await writeFile(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${gitignoreEntry}\n`);
  return true;
}

/** Only a missing script or npm's placeholder is replaced: a project's own test command stays. */
async function ensureTestScript(dir: string): Promise<boolean> {
  const file = path.join(dir, 'package.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  if (pkg.scripts?.test !== undefined && pkg.scripts.test !== npmDefaultTest) return false;
  pkg.scripts = { ...pkg.scripts, test: 'vitest run' };
  await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
  return true;
}
