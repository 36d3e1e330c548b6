import { readdir } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

/** Matrix files named by paths or globs (`matrix/*.yaml`), relative to `cwd`, sorted, each once. */
export async function matrixFiles(patterns: string[], cwd = process.cwd()): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const { base, isGlob } = picomatch.scan(pattern);
    if (!isGlob) {
      files.add(pattern);
      continue;
    }
    const entries = await readdir(path.resolve(cwd, base || '.'), { recursive: true }).catch(() => [] as string[]);
    const isMatch = picomatch(pattern);
    for (const entry of entries.sort()) {
      const file = path.posix.join(base || '.', entry.split(path.sep).join('/'));
      if (isMatch(path.posix.normalize(file))) files.add(path.posix.normalize(file));
    }
  }
  return [...files];
}
