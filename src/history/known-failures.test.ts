import { describe, expect, it } from 'vitest';
import type { CellResult } from '../core/report.js';
import { applyKnownFailureUpdate, planKnownFailureUpdate, stablePart } from './known-failures.js';

const matrix = `title: t # the title
servers: [postgres@15.6, postgres@15.8]
clients: [pg]
scenarios: [s]
knownFailures:
  # fixed upstream in 15.7
  - where: { server: postgres@15.6, scenario: s }
    link: https://example.com/1
`;

const cell = (server: string, status: CellResult['status'], met: boolean) =>
  ({
    id: `${server}/pg/s`,
    server: { label: server },
    client: { label: 'pg' },
    scenario: { id: 's', links: ['https://example.com/2'] },
    status,
    steps: [
      {
        index: 1,
        name: 'resumed',
        met,
        outcome: met
          ? { ok: true }
          : { ok: false, error: { message: 'C0:error:0A000438:SSL routines::tlsv1 alert internal error:../ssl/x.c:1:' } },
      },
    ],
  }) as unknown as CellResult;

describe('known failures kept current', () => {
  const entries = [{ where: { server: 'postgres@15.6', scenario: 's' }, link: 'https://example.com/1' }];
  const cells = [cell('postgres@15.6', 'fail', true), cell('postgres@15.8', 'fail', false)];

  it('drops entries that no longer fail and adds new failures with their steps and error', () => {
    expect(planKnownFailureUpdate(entries, cells)).toEqual({
      stale: [0],
      added: [
        {
          where: { server: 'postgres@15.8', client: 'pg', scenario: 's' },
          steps: ['resumed'],
          error: 'tlsv1 alert internal error',
          link: 'https://example.com/2',
        },
      ],
      different: [],
    });
  });

  it('rewrites the list and keeps the rest of the file as written', () => {
    const { text, block } = applyKnownFailureUpdate(matrix, planKnownFailureUpdate(entries, cells));
    expect(text).toBe(`title: t # the title
servers: [postgres@15.6, postgres@15.8]
clients: [pg]
scenarios: [s]
knownFailures:
  - where: { server: postgres@15.8, client: pg, scenario: s }
    steps: [resumed]
    error: tlsv1 alert internal error
    link: https://example.com/2
`);
    expect(block.startsWith('knownFailures:\n  - where: { server: postgres@15.8')).toBe(true);
  });

  it('keeps the entries that still apply byte for byte, comments included', () => {
    const two = `${matrix}  # still broken
  - where: { server: 'postgres@15.8' } # quoted on purpose
    link: https://example.com/3
`;
    const still = [cell('postgres@15.6', 'fail', true), cell('postgres@15.8', 'known-fail', false)];
    const { text } = applyKnownFailureUpdate(
      two,
      planKnownFailureUpdate([...entries, { where: { server: 'postgres@15.8' }, link: 'x' }], still),
    );
    expect(text.split('knownFailures:\n')[1]).toBe(`  # still broken
  - where: { server: 'postgres@15.8' } # quoted on purpose
    link: https://example.com/3
`);
  });

  it('picks the words of an error that stay the same', () => {
    expect(stablePart("Authentication plugin 'caching_sha2_password' reported error: Authentication requires secure connection.")).toBe(
      "Authentication plugin 'caching_sha2_password' reported error",
    );
  });
});
