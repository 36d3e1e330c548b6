import type { ClientEnvironment, OpenedClient } from '../../core/client.js';
import { packageFile } from '../../core/package-file.js';
import type { ClientSpec } from '../../core/specs.js';
import { driverModuleDir, resolveDriver } from '../node-driver.js';
import { ProgramSession } from '../process/program-session.js';
import { nodeRuntime } from './node-runtime.js';

/** One small CommonJS program for every Node that drivers ran on. */
const probe = packageFile('clients/node/probe.js');

/**
 * A Node driver run on another Node (`options.node`), in compatlab's Node probe speaking the process
 * protocol: the driver from the cache (as in-process), the Node binary from the npm registry.
 */
export async function openNodeProbe(
  packageName: string,
  spec: ClientSpec,
  env: ClientEnvironment,
  node: string,
  native: Record<string, unknown> | undefined,
): Promise<OpenedClient> {
  const [driver, runtime] = await Promise.all([resolveDriver(packageName, spec, env.ctx), nodeRuntime(node, env.ctx)]);
  const options = { driver: packageName, module: driverModuleDir(packageName, driver), version: driver.version, native: native ?? {} };
  // Node options of compatlab's own Node (e.g. --import of a loader) mean nothing to another Node.
  const { NODE_OPTIONS: _ignored, ...processEnv } = process.env;
  const session = await ProgramSession.start({ command: [runtime.node, probe], env: processEnv, spare: true }, env, () => options);
  return { version: driver.version, origin: driver.origin, runtime: `Node ${runtime.version} (${runtime.origin})`, session };
}
