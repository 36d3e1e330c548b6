import { Command, CommanderError } from 'commander';
import pc from 'picocolors';

/**
 * Every command-line mistake exits 2, as bad input files do, and an unknown option lists the
 * valid ones (commander's default is exit 1 and a bare "unknown option").
 */
export function usageErrors(program: Command): void {
  for (const command of [program, ...program.commands]) {
    command.configureOutput({ outputError: () => {} });
    command.exitOverride((error) => {
      if (['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code)) throw error;
      const valid = command.options.map((o) => o.long ?? o.short).filter(Boolean);
      const hint =
        error.code === 'commander.unknownOption' || error.code === 'commander.excessArguments'
          ? `\nvalid options for \`${fullName(command)}\`: ${valid.join(', ') || '(none)'}`
          : error.code === 'commander.unknownCommand'
            ? `\ncommands: ${program.commands.map((c) => c.name()).join(', ')}`
            : '';
      process.stderr.write(`${pc.red(error.message)}${hint}\n`);
      throw new CommanderError(2, error.code, error.message);
    });
  }
}

function fullName(command: Command): string {
  return command.parent ? `${command.parent.name()} ${command.name()}` : command.name();
}
