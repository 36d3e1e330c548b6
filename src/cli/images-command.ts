import { packageFile } from '../core/package-file.js';
import { execa } from 'execa';
import { loadProject } from '../config/discover.js';
import { createRunContext } from '../runner/session.js';
import { whyLabCannotMake } from '../runtimes/docker/lab-images.js';
import { binariesOf } from '../engines/binary-sources.js';
import { terminalLogger } from './terminal-logger.js';

const buildScript = packageFile('images/build.sh');

/**
 * Builds lab images (no registry needed); by default every server version the shipped matrices name
 * that the lab can make. An engine the local runtime runs gets the very binaries the local runtime uses.
 */
export async function imagesCommand(refs: string[]): Promise<number> {
  const wanted = refs.length > 0 ? refs : await serversInMatrices();
  const logger = terminalLogger();
  const ctx = createRunContext(logger, new AbortController().signal);
  const present: string[] = [];
  let unbuildable = false;
  let failed = false;
  for (const ref of wanted) {
    const [engine = '', version = ''] = ref.split('@');
    const reason = await whyLabCannotMake(engine, version, ctx);
    if (reason) {
      console.error(`not buildable in the lab: ${ref} (${reason})`);
      unbuildable = true;
      continue;
    }
    if (!(await imageMissing(ref))) {
      present.push(ref);
      continue;
    }
    const binaries = await binariesOf(engine)?.fetch(version, ctx);
    logger.clearProgress();
    if (!binaries) {
      console.error(`not buildable in the lab: ${ref} (no source has its binaries)`);
      failed = true;
      continue;
    }
    const env = { BINARIES_ROOT: binaries.root, BINARIES_ORIGIN: binaries.origin };
    const result = await execa('bash', [buildScript, ref], { stdio: 'inherit', reject: false, env });
    failed ||= result.exitCode !== 0;
  }
  // build.sh says which images it keeps.
  if (present.length > 0) {
    const result = await execa('bash', [buildScript, ...present], { stdio: 'inherit', reject: false });
    failed ||= result.exitCode !== 0;
  }
  return failed || (unbuildable && refs.length > 0) ? 1 : 0;
}

/** Whether build.sh would build the image (else it says it exists), so no binaries are fetched for nothing. */
async function imageMissing(ref: string): Promise<boolean> {
  if (process.env.REBUILD) return true;
  const inspect = await execa('docker', ['image', 'inspect', `compatlab-lab/${ref.replace('@', ':')}`], { reject: false });
  return inspect.exitCode !== 0;
}

async function serversInMatrices(): Promise<string[]> {
  const { matrices } = await loadProject([]);
  const refs = matrices.flatMap((m) => m.value.servers.map((s) => (typeof s === 'string' ? s : `${s.engine}@${s.version}`)));
  return [...new Set(refs)];
}
