#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { CompatlabError, InputError, UsageError } from '../core/errors.js';
import { runtimeChoices } from '../runtimes/select.js';
import type { BisectCommandOptions } from './bisect-command.js';
import type { CleanOptions } from './clean-command.js';
import type { RunCommandOptions } from './run-command.js';
import type { InitOptions } from './init-command.js';
import { usageErrors } from './usage-errors.js';

// Each command loads its own modules when it runs: `validate` and `list` must not pay for drivers,
// testcontainers or the npm client.

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
};

const program = new Command('compatlab').description(
  'Reproduce database client/server compatibility problems and report a pass/fail matrix.',
);

program
  .command('run')
  .description('run every cell of the matrices (default: all files in matrix/) and write reports')
  .argument('[matrix...]', 'matrix files')
  .addOption(new Option('--runtime <name>', 'where servers run').choices(runtimeChoices).default('auto'))
  .option('--images <source>', 'docker runtime: hub, lab (`compatlab images`) or a registry prefix (default: $COMPATLAB_IMAGES or hub)')
  .option('--server <engine@version>', "replace the matrices' servers, e.g. postgres@16.4 (repeatable)", collect)
  .option('--scenario <id>', 'only these scenarios (id or glob, repeatable)', collect)
  .option('--client <label>', 'only these clients (label or glob, repeatable)', collect)
  .option('--cell <id>', 'only these cells, e.g. "postgres@15.8/pg/*" (repeatable)', collect)
  .option('--report-dir <dir>', 'where to write the reports (default: reports/<timestamp>, linked from reports/latest)')
  .option('--scenarios-dir <dir>', 'where scenario files are', 'scenarios')
  .option('--repeat <n>', 'run each cell n times; cells whose runs disagree are flaky', positive)
  .option('--fresh-server', 'with --repeat: a new server for every repetition')
  .option('--baseline <dir>', 'compare with an earlier report (directory or report.json) and put the comparison in the reports')
  .option('--shard <i/n>', 'run shard i of n (all cells of one server stay in one shard); join them with `compatlab merge`')
  .option('--update-known', "write the matrices' updated knownFailures lists into their files")
  .option('--strict', 'exit non-zero when any cell is skipped (also `strict: true` in a matrix)')
  .option(
    '-j, --jobs <n>',
    'how many servers run cells at once (default: the number of CPUs); the next one starts while they run',
    positive,
  )
  .action(async (matrices: string[], options: RunCommandOptions) => {
    const { runCommand } = await import('./run-command.js');
    process.exitCode = await runCommand(matrices, options);
  });

program
  .command('diff')
  .description('compare two runs: cells that regressed, got fixed, changed, appeared, disappeared or became flaky (exit 1 on a regression)')
  .argument('<old>', 'report directory or report.json')
  .argument('<new>', 'report directory or report.json')
  .option('--markdown <file>', 'also write the comparison as Markdown (a pull-request comment); - for stdout')
  .action(async (oldReport: string, newReport: string, options: { markdown?: string }) => {
    const { diffCommand } = await import('./diff-command.js');
    process.exitCode = await diffCommand(oldReport, newReport, options);
  });

program
  .command('bisect')
  .description(
    'find the version that broke a cell (first bad) or fixed it (fixed in); exit 0 found, 125 skipped versions hide it, 1 no answer',
  )
  .argument('[matrix...]', 'matrix files that cross the scenario with its clients (default: all of matrix/)')
  .requiredOption('--scenario <id>', 'the scenario')
  .option('--client <label>', 'the client (default: the first the matrices cross the scenario with)')
  .requiredOption('--between <engine@version...>', 'the first and the last version, e.g. postgres@15.6 postgres@15.9')
  .addOption(new Option('--runtime <name>', 'where servers run').choices(runtimeChoices).default('auto'))
  .option('--images <source>', 'docker runtime: hub, lab or a registry prefix')
  .option('--scenarios-dir <dir>', 'where scenario files are', 'scenarios')
  .option('--report-dir <dir>', 'where to write the report (default: reports/bisect-<timestamp>)')
  .action(async (matrices: string[], options: BisectCommandOptions) => {
    const { bisectCommand } = await import('./bisect-command.js');
    process.exitCode = await bisectCommand(matrices, options);
  });

program
  .command('merge')
  .description('join the reports of shards (`run --shard i/n`) into one')
  .argument('<dir...>', 'report directories or report.json files')
  .requiredOption('--report-dir <dir>', 'where to write the merged reports')
  .action(async (dirs: string[], options: { reportDir: string }) => {
    const { mergeCommand } = await import('./merge-command.js');
    process.exitCode = await mergeCommand(dirs, options);
  });

program
  .command('validate')
  .description('check scenario and matrix files without running anything')
  .argument('[file...]', 'files (default: everything in matrix/ and the scenarios directory)')
  .option('--scenarios-dir <dir>', 'where the scenarios that matrices name are, as for run', 'scenarios')
  .action(async (files: string[], options: { scenariosDir: string }) => {
    const { validateCommand } = await import('./validate-command.js');
    process.exitCode = await validateCommand(files, options);
  });

program
  .command('list')
  .description('list the cells the matrices expand to')
  .argument('[matrix...]', 'matrix files')
  .option('--server <engine@version>', "replace the matrices' servers (repeatable)", collect)
  .option('--scenarios-dir <dir>', 'where scenario files are', 'scenarios')
  .action(async (matrices: string[], options: { server?: string[]; scenariosDir: string }) => {
    const { listCommand } = await import('./list-command.js');
    await listCommand(matrices, options);
  });

program
  .command('images')
  .description('build lab images with no registry (default: every version the matrices name that the lab can make)')
  .argument('[server...]', 'e.g. postgres@15.8 mysql@9.7')
  .action(async (servers: string[]) => {
    const { imagesCommand } = await import('./images-command.js');
    process.exitCode = await imagesCommand(servers);
  });

program
  .command('init')
  .description('create an example matrix, scenario and vitest test file in this project')
  .option('--ci <provider>', 'also write a CI workflow (github)')
  .option('--force', 'replace files that already exist')
  .action(async (options: InitOptions) => {
    const { initCommand } = await import('./init-command.js');
    process.exitCode = await initCommand(options);
  });

program
  .command('clean')
  .description('remove containers and temp directories that interrupted or crashed runs left behind')
  .option('--all', 'also remove those of compatlab runs that are still running')
  .option('--warm-images', 'also remove the warm-start images (compatlab-warm/*) that no container uses')
  .action(async (options: CleanOptions) => {
    const { cleanCommand } = await import('./clean-command.js');
    const { terminalLogger } = await import('./terminal-logger.js');
    process.exitCode = await cleanCommand(options, terminalLogger());
  });

usageErrors(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof InputError || error instanceof UsageError) {
    console.error(pc.red(error.message));
    process.exitCode = 2;
  } else if (error instanceof CompatlabError) {
    console.error(pc.red(`compatlab: ${error.message}`));
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
