import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './json-schema.js';

describe('JSON schemas', () => {
  it.each(['scenario', 'matrix', 'process-client'] as const)('schema/%s.schema.json is up to date (npm run schema)', async (name) => {
    const committed = JSON.parse(await readFile(`schema/${name}.schema.json`, 'utf8')) as unknown;
    expect(committed).toEqual(jsonSchemas()[name]);
  });

  it('requires a step to be named by its key, not by an internal kind field', () => {
    const text = JSON.stringify(jsonSchemas().scenario);
    expect(text).not.toContain('"kind"');
    expect(text).toContain('"required":["restart"]');
  });
});
