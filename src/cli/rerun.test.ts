import { describe, expect, it } from 'vitest';
import type { CellResult } from '../core/report.js';
import { rerunCommand, shellQuote } from './rerun.js';

const cell = { id: 'postgres@16.4/pg/plain', matrixFile: 'matrix/m.yaml', server: { label: 'postgres@16.4' } } as CellResult;

describe('rerunCommand', () => {
  it('carries --server, --scenarios-dir, runtime, images and repeat', () => {
    expect(
      rerunCommand(cell, {
        runtime: 'docker',
        images: 'lab',
        server: ['postgres@16.4', 'postgres@15.8'],
        scenariosDir: 'my scen',
        repeat: 3,
      }),
    ).toBe(
      "npx compatlab run matrix/m.yaml --cell postgres@16.4/pg/plain --server postgres@16.4 --scenarios-dir 'my scen' --runtime docker --images lab --repeat 3",
    );
  });

  it('stays short with defaults', () => {
    expect(rerunCommand(cell, { runtime: 'auto', scenariosDir: 'scenarios' })).toBe(
      'npx compatlab run matrix/m.yaml --cell postgres@16.4/pg/plain',
    );
  });

  it('quotes what the shell would split or expand', () => {
    expect(shellQuote("it's *")).toBe(`'it'\\''s *'`);
  });
});
