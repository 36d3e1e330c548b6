import { Program, type ProgramCommand } from './program.js';

/** How long a spare waits for a cell before it goes (it also goes when compatlab exits: its stdin closes). */
const spareLifetimeMs = 30_000;

interface Spare {
  program: Program;
  timer: NodeJS.Timeout;
}

const spares = new Map<string, Spare>();

/**
 * A program for a cell, and one more started ahead for the next cell of the same command, so that a
 * probe's start-up (a Python driver's imports, a JVM) is off that cell's path. A spare holds no
 * state until its first request, does not keep compatlab running, and exits when compatlab does.
 */
export function takeProgram(command: ProgramCommand): Program {
  const key = JSON.stringify([command.command, command.cwd ?? '', command.env ?? {}]);
  const waiting = spares.get(key);
  if (waiting) clearTimeout(waiting.timer);
  const spare = new Program(command);
  spare.idle(true);
  const timer = setTimeout(() => {
    if (spares.get(key)?.program === spare) spares.delete(key);
    void spare.close();
  }, spareLifetimeMs).unref();
  spares.set(key, { program: spare, timer });
  const program = waiting?.program.running ? waiting.program : (waiting?.program.kill(), new Program(command));
  program.idle(false);
  return program;
}
