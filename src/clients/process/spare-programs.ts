import { Program, type ProgramCommand } from './program.js';

/** How long an unused spare waits for the next cell that runs the same program. */
const idleMs = 30_000;

const spares = new Map<string, { program: Program; timer: NodeJS.Timeout }>();

/**
 * A started program for a cell, and a spare of the same command started for the next cell: a JVM
 * takes half a second or more to start, a Node probe a quarter, while a spare is ready when the next
 * cell asks. A spare has received nothing yet, so it is what a fresh start would be. Spares that are
 * not taken go after `idleMs`; with compatlab's exit at the latest (their stdin closes, and they are
 * killed on exit).
 */
export function startWithSpare(command: ProgramCommand): Program {
  const key = JSON.stringify([command.command, command.cwd, command.env]);
  const spare = spares.get(key);
  spares.delete(key);
  if (spare) clearTimeout(spare.timer);
  if (spare && !spare.program.running) void spare.program.kill();
  const program = spare?.program.running ? spare.program : new Program(command);
  program.holdsProcess(true);
  const next = new Program(command);
  next.holdsProcess(false); // a run that is over does not wait for it
  const timer = setTimeout(() => {
    if (spares.get(key)?.program === next) spares.delete(key);
    void next.close();
  }, idleMs).unref();
  spares.set(key, { program: next, timer });
  return program;
}

// A spare ends with compatlab: its stdin closes, and it is killed here.
process.on('exit', () => {
  for (const { program } of spares.values()) void program.kill(); // its signal is sent at once
});
