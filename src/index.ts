/**
 * compatlab's programmatic API: load matrix and scenario files, expand them into cells, run the cells on
 * real servers with events as they happen, and write the reports.
 *
 *   const project = await loadProject(['matrix/pg.yaml']);
 *   const plan = expandPlan(project.matrices, project.scenarios, { servers: ['postgres@16.4'] });
 *   await using run = await prepareRun({ runtime: 'local', reportDir: 'reports/mine' });
 *   const report = await runToReport(run, { project, plan, jobs: 2, journalDir: 'reports/mine', onEvent: (e) => console.log(e.type) });
 *   await writeReports(report, 'reports/mine');
 */
export { loadProject, type Project } from './config/discover.js';
export type { Matrix, Scenario } from './config/schema.js';
export { expandPlan, type PlanFilters } from './plan/expand.js';
export type { Cell, Plan, ServerGroup } from './plan/plan.js';
export { prepareRun, type PreparedRun, type RunSetup } from './runner/prepare-run.js';
export { defaultJobs, runPlan, type RunEvent, type RunOptions } from './runner/run-plan.js';
export { ServerPool } from './runner/server-pool.js';
export { RunRecorder, runToReport, type ReportedRunOptions } from './runner/run-report.js';
export { writeReports, type WriteOptions, type WriteResult } from './reporters/write.js';
export { reportFormats, type ReportFormat } from './reporters/index.js';
export type { CellResult, CellStatus, Report, StepResult } from './core/report.js';
export type { Logger, RunContext } from './core/context.js';
export { CompatlabError, InfraError, InputError, SkipError, UsageError } from './core/errors.js';
