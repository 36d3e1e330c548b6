import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { loadProject } from '../config/discover.js';
import { SkipError } from '../errors.js';
import { silentLogger } from '../runner/context.js';
import { createRunContext } from '../runner/session.js';
import { embeddedPostgresPackage, resolveVersion } from '../runtimes/local/postgres-binaries.js';

const buildScript = fileURLToPath(new URL('../../images/build.sh', import.meta.url));

/** Builds lab images (no registry needed); by default every server version the shipped matrices name that the lab can make. */
export async function imagesCommand(refs: string[]): Promise<number> {
  const wanted = refs.length > 0 ? refs : await serversInMatrices();
  const buildable: string[] = [];
  for (const ref of wanted) {
    const reason = await whyLabCannotMake(ref);
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

async function whyLabCannotMake(ref: string): Promise<string | undefined> {
  const [engine, version = ''] = ref.split('@');
  if (engine === 'mysql')
    return Number(version.split('.')[0]) >= 9 ? undefined : 'the lab builds MySQL from Debian sid, which has 9.x only';
  if (engine !== 'postgres') return `unknown engine "${engine}"`;
  try {
    await resolveVersion(
      embeddedPostgresPackage('linux', process.arch),
      version,
      createRunContext(silentLogger, new AbortController().signal),
    );
    return undefined;
  } catch (error) {
    if (error instanceof SkipError) return error.message;
    throw error;
  }
}
