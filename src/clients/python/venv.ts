import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../../core/context.js';
import { InfraError, SkipError } from '../../core/errors.js';
import { cachedDir } from '../cached-dir.js';

export interface VenvRequest {
  dist: string;
  version: string;
  extras: string[];
  /** The Python that makes the environment (command or path). */
  python: string;
}

export interface VenvRecord {
  requirement: string;
  /** The driver's version as installed. */
  version: string;
  runtime: string;
  /** What pip installed: file names from PyPI and their sha256. */
  files: { name: string; sha256?: string }[];
}

interface Interpreter {
  executable: string;
  runtime: string;
  version: string;
}

/** Per run: a Python is asked what it is once. */
const interpreters = new Map<string, Promise<Interpreter>>();

/**
 * A virtual environment holding one driver version and what it depends on, made once with the
 * interpreter's own `venv` and pip (wheels only: nothing is built or run at install time) and kept
 * in `<cache>/python/<dist>/<version>/`, keyed by interpreter and extras. Reused offline.
 */
export async function pythonVenv(request: VenvRequest, ctx: RunContext): Promise<{ dir: string; python: string; record: VenvRecord }> {
  let interpreter = interpreters.get(request.python);
  if (!interpreter) interpreters.set(request.python, (interpreter = describePython(request.python)));
  const { executable, runtime, version } = await interpreter;
  const extras = [...request.extras].sort();
  const requirement = `${request.dist}${extras.length ? `[${extras.join(',')}]` : ''}==${request.version}`;
  const key = createHash('sha256')
    .update(`${executable}\0${extras.join(',')}`)
    .digest('hex')
    .slice(0, 8);
  const dir = path.join(ctx.cacheDir, 'python', request.dist.toLowerCase(), request.version, `py${version}-${key}`);
  const python = path.join(dir, 'bin', 'python');
  const { record } = await cachedDir(dir, ctx, `installing ${requirement} from PyPI for ${runtime}`, async (partial) => {
    const { execa } = await import('execa');
    const venv = await execa(executable, ['-m', 'venv', partial], { reject: false, all: true, cancelSignal: ctx.signal });
    if (venv.exitCode !== 0) {
      throw new SkipError(
        `${executable} cannot make a virtual environment (${lastLine(venv.all)}); on Debian: apt-get install -y python3-venv`,
        { machineLacks: true },
      );
    }
    const report = path.join(partial, 'pip-report.json');
    const pipArgs = ['-m', 'pip', 'install', '--only-binary=:all:', '--no-input', '--disable-pip-version-check', '--report', report];
    const pip = await execa(path.join(partial, 'bin', 'python'), [...pipArgs, requirement], {
      reject: false,
      all: true,
      cancelSignal: ctx.signal,
    });
    if (pip.exitCode !== 0) {
      const why = pip.all?.split('\n').find((line) => line.startsWith('ERROR:')) ?? lastLine(pip.all);
      // pip says the same when PyPI cannot be reached; its retry warnings tell the two apart.
      const offline = /NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution/.test(pip.all ?? '');
      if (/No matching distribution|Could not find a version/.test(why))
        throw new SkipError(`${requirement}: ${why}`, { machineLacks: offline });
      throw new InfraError(`pip could not install ${requirement}: ${why}`);
    }
    return recordOf(JSON.parse(await readFile(report, 'utf8')) as PipReport, request, requirement, runtime);
  });
  return { dir, python, record };
}

interface PipReport {
  install: {
    metadata: { name: string; version: string };
    download_info: { url: string; archive_info?: { hash?: string; hashes?: Record<string, string> } };
  }[];
}

function recordOf(report: PipReport, request: VenvRequest, requirement: string, runtime: string): VenvRecord {
  const normal = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
  const driver = report.install.find((i) => normal(i.metadata.name) === normal(request.dist));
  return {
    requirement,
    version: driver?.metadata.version ?? request.version,
    runtime,
    files: report.install.map(({ download_info: info }) => ({
      name: decodeURIComponent(info.url.split('/').at(-1) ?? info.url),
      sha256: info.archive_info?.hashes?.sha256 ?? info.archive_info?.hash?.replace(/^sha256=/, ''),
    })),
  };
}

async function describePython(python: string): Promise<Interpreter> {
  const { execa } = await import('execa');
  const code = 'import platform, sys; print(sys.executable); print(platform.python_implementation(), platform.python_version())';
  const result = await execa(python, ['-c', code], { reject: false, all: true });
  if (result.exitCode !== 0) {
    const why = (result as { code?: string }).code === 'ENOENT' ? 'not found' : lastLine(result.all);
    throw new SkipError(`Python drivers need a Python 3 interpreter: \`${python}\` ${why}; install python3 and python3-venv`, {
      machineLacks: true,
    });
  }
  const [executable = python, runtime = 'Python'] = result.stdout.split('\n');
  return { executable, runtime, version: runtime.split(' ').at(-1) ?? 'unknown' };
}

const lastLine = (text: string | undefined) => text?.trim().split('\n').at(-1) ?? '';
