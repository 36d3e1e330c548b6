import { packageFile } from '../core/package-file.js';
import { execa } from 'execa';
import { loadProject } from '../config/discover.js';
import { silentLogger } from '../core/context.js';
import { createRunContext } from '../runner/session.js';
import { whyLabCannotMake } from '../runtimes/docker/lab-images.js';

const buildScript = packageFile('images/build.sh');

/** Builds lab images (no registry needed); by default every server version the shipped matrices name that the lab can make. */
export async function imagesCommand(refs: string[]): Promise<number> {
  const wanted = refs.length > 0 ? refs : await serversInMatrices();
  const ctx = createRunContext(silentLogger, new AbortController().signal);
  const buildable: string[] = [];
  for (const ref of wanted) {
    const [engine = '', version = ''] = ref.split('@');
    const reason = await whyLabCannotMake(engine, version, ctx);
    if (reason) console.error(`not buildable in the lab: ${ref} (${reason})`);
    else buildable.push(ref);
  }
  if (buildable.length === 0) return refs.length > 0 ? 1 : 0;
  const result = await execa('bash', [buildScript, ...buildable], { stdio: 'inherit', reject: false });
  return result.exitCode ?? 1;
}

async function serversInMatrices(): Promise<string[]> {
  const { matrices } = await loadProject([]);
  const refs = matrices.flatMap((m) => m.value.servers.map((s) => (typeof s === 'string' ? s : `${s.engine}@${s.version}`)));
  return [...new Set(refs)];
}
