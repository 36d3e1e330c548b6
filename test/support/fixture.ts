/**
 * A report recorded from real runs, with times and host blanked, so rendered output is stable:
 *   compatlab run matrix/pg-tls-15.yaml matrix/pg-tls-14-upgrade.yaml matrix/mysql-auth-9.7.yaml --images lab \
 *     --cell 'postgres@*\/*\/*' --cell 'mysql@9.7/{cli-plain-no-key,cli-plain-get-key,mysql2-plain}/mysql-caching-sha2-cache'
 * plus the `fail` cell of `compatlab run test/support/undeclared-failure.yaml --runtime local`. Regenerate the
 * reporter snapshots after re-recording it (`npx vitest run --project unit -u`).
 */
import { readFileSync } from 'node:fs';
import type { Report } from '../../src/core/report.js';

const recorded = JSON.parse(readFileSync(new URL('./report-fixture.json', import.meta.url), 'utf8')) as Report;

/** A fresh copy each time, so a test can change it freely. */
export function fixtureReport(): Report {
  return structuredClone(recorded);
}
