/**
 * A report recorded from one real run (two matrices share cell ids; a server no runtime has is skipped; a JDBC
 * cell is skipped for a setting its driver cannot express):
 *   compatlab run matrix/pg-tls-15.yaml matrix/pg-tls-14-upgrade.yaml matrix/mysql-auth-9.7.yaml matrix/pg-tls-15-jdbc.yaml \
 *     test/support/undeclared-failure.yaml test/support/unpublished-server.yaml --images lab --cell 'postgres@*\/{pg,pg-undeclared}/*' \
 *     --cell 'postgres@15.8/jdbc-jvm-ssl-context/pg-tls-plain' \
 *     --cell 'mysql@9.7/{cli-plain-no-key,cli-plain-get-key,mysql2-plain}/mysql-caching-sha2-cache' --report-dir /tmp/fixture-run
 *   node --import tsx test/support/record-fixture.ts /tmp/fixture-run/report.json
 * Regenerate the reporter snapshots after re-recording it (`npx vitest run --project unit -u`).
 */
import { readFileSync } from 'node:fs';
import type { Report } from '../../src/core/report.js';

const recorded = JSON.parse(readFileSync(new URL('./report-fixture.json', import.meta.url), 'utf8')) as Report;

/** A fresh copy each time, so a test can change it freely. */
export function fixtureReport(): Report {
  return structuredClone(recorded);
}
