import type { ServerDefaults } from '../../core/engine.js';

/**
 * The official image's defaults: PostgreSQL 13 and older hash passwords with md5 and accept md5 from other
 * hosts; 14 and newer use scram-sha-256 for both. Local socket connections are trusted, as in the image.
 * `password_encryption` is the server's built-in default; the pg_hba lines are what the local runtime writes.
 */
export function postgresDefaults(version: string): ServerDefaults {
  const method = Number(version.split('.')[0]) <= 13 ? 'md5' : 'scram-sha-256';
  return {
    settings: { password_encryption: method },
    hba: ['local all all trust', `host all all all ${method}`],
  };
}

/** Why a scenario's pg_hba lines cannot be written as they are, else undefined. */
export function hbaProblem(lines: string[]): string | undefined {
  const bad = lines.find((line) => /[\\\t\r\n]/.test(line) || line.trim() === '');
  if (bad !== undefined) return `pg_hba line ${JSON.stringify(bad)} must be one non-empty line without tabs or backslashes`;
  return undefined;
}

/**
 * compatlab's admin keeps the first line, so admin steps work whatever the scenario's lines say: `md5`
 * accepts md5 and scram-sha-256 passwords alike.
 */
export function withAdminLine(adminUser: string, lines: string[]): string[] {
  return [`host all ${adminUser} all md5`, ...lines];
}
