/**
 * Makes report-fixture.json from the report.json of a real run (see fixture.ts for the command): only the
 * run's start and end are set to a fixed moment, so dates in rendered output stay the same.
 *   node --import tsx test/support/record-fixture.ts /tmp/fixture-run/report.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Report } from '../../src/core/report.js';

const report = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Report;
const startedAt = '2026-11-21T07:00:00.000Z';
const fixed: Report = {
  ...report,
  startedAt,
  finishedAt: new Date(Date.parse(startedAt) + report.durationMs).toISOString(),
};
writeFileSync(new URL('./report-fixture.json', import.meta.url), `${JSON.stringify(fixed, null, 2)}\n`);
