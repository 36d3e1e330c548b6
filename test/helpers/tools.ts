import { execa } from 'execa';

/**
 * Why a tool a test needs cannot run here, or undefined when it can. Tests skip with the reason
 * outside CI and fail under CI=true (`.ci/run` installs the tools).
 */
export async function toolProblem(what: string, command: string, args: string[]): Promise<string | undefined> {
  const result = await execa(command, args, { reject: false, all: true });
  if (result.exitCode === 0) return undefined;
  const problem = `${what}: \`${[command, ...args].join(' ')}\` ${result.exitCode === undefined ? 'not found' : `failed: ${result.all?.trim().split('\n').at(-1)}`}`;
  console.warn(`${problem}${process.env.CI ? '' : '; skipped'}`);
  return problem;
}
