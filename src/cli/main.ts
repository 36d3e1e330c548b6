#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { CompatlabError, InputError, UsageError } from '../core/errors.js';
import { runtimeChoices } from '../runtimes/select.js';
import { cleanCommand } from './clean-command.js';
import { initCommand, type InitOptions } from './init-command.js';
import { imagesCommand } from './images-command.js';
import { listCommand } from './list-command.js';
import { runCommand, type RunCommandOptions } from './run-command.js';
import { terminalLogger } from './terminal-logger.js';
import { validateCommand } from './validate-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};

const program = new Command('compatlab')
  .description('Reproduce database client/server compatibility problems and report a pass/fail matrix.')
  .showHelpAfterError();

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
  .option(
    '-j, --jobs <n>',
    'how many servers run at once; each runs its cells one after another (default: the number of CPUs)',
    positiveInt,
  )
  .action(async (matrices: string[], options: RunCommandOptions) => {
    process.exitCode = await runCommand(matrices, options);
  });

program
  .command('validate')
  .description('check scenario and matrix files without running anything')
  .argument('[file...]', 'files (default: everything in matrix/ and scenarios/)')
  .action(async (files: string[]) => {
    process.exitCode = await validateCommand(files);
  });

program
  .command('list')
  .description('list the cells the matrices expand to')
  .argument('[matrix...]', 'matrix files')
  .option('--server <engine@version>', "replace the matrices' servers (repeatable)", collect)
  .option('--scenarios-dir <dir>', 'where scenario files are', 'scenarios')
  .action(async (matrices: string[], options: { server?: string[]; scenariosDir: string }) => {
    await listCommand(matrices, options);
  });

program
  .command('images')
  .description('build lab images with no registry (default: every version the matrices name that the lab can make)')
  .argument('[server...]', 'e.g. postgres@15.8 mysql@9.7')
  .action(async (servers: string[]) => {
    process.exitCode = await imagesCommand(servers);
  });

program
  .command('init')
  .description('create an example matrix, scenario and vitest test file in this project')
  .option('--ci <provider>', 'also write a CI workflow (github)')
  .option('--force', 'replace files that already exist')
  .action(async (options: InitOptions) => {
    process.exitCode = await initCommand(options);
  });

program
  .command('clean')
  .description('remove containers and temp directories that interrupted or crashed runs left behind')
  .option('--all', 'also remove those of compatlab runs that are still running')
  .action(async (options: { all?: boolean }) => {
    process.exitCode = await cleanCommand(options, terminalLogger());
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof InputError || error instanceof UsageError) {
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
