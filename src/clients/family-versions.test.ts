import { describe, expect, it } from 'vitest';
import { getClient } from './index.js';

const problem = (driver: string, version: string | undefined) => getClient(driver).versionProblem?.(version);

describe('versions of Python and Go drivers', () => {
  it('take exact PyPI releases', () => {
    expect([problem('psycopg', '3.2.3'), problem('psycopg2', '2.9.10'), problem('pymysql', '1.1.0rc1')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(problem('psycopg', '^3')).toMatch(/^version "\^3" must be an exact PyPI release/);
    expect(problem('psycopg', undefined)).toBe('psycopg needs a version from PyPI, e.g. psycopg@3.2.3');
  });

  it('take exact module versions, with or without v; pgx only at its majors 4 and 5', () => {
    expect([problem('pgx', '5.7.1'), problem('pgx', 'v4.18.3'), problem('pq', 'v0.0.0-20240101000000-abcdef123456')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(problem('pgx', '3.0.0')).toBe('pgx versions are 4.x (github.com/jackc/pgx/v4) or 5.x (github.com/jackc/pgx/v5), not v3.0.0');
    expect(problem('go-sql-driver', 'latest')).toBe('version "latest" must be an exact Go module version, e.g. 1.8.1');
  });
});
