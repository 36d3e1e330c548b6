/**
 * Starts `engine@version` on the local runtime `--starts` times and prints the median time from asking to
 * ready (admin password set) as JSON; the first start (binaries, template) is left out, so the figure is
 * that of a server started from a ready copy of its data directory.
 */
import { parseArgs } from 'node:util';
import { silentLogger } from '../src/core/context.js';
import { createRunContext } from '../src/runner/session.js';
import { LocalRuntime } from '../src/runtimes/local/local-runtime.js';

const { values, positionals } = parseArgs({ options: { starts: { type: 'string', default: '5' } }, allowPositionals: true });
const [engine = 'mysql', version = '8.0.31'] = (positionals[0] ?? '').split('@');
const ctx = createRunContext(silentLogger, new AbortController().signal);
const times: number[] = [];
{
  await using runtime = new LocalRuntime();
  for (let i = 0; i <= Number(values.starts); i++) {
    const started = performance.now();
    const spec = { engine, version, tls: { enabled: false, clientCa: false }, settings: {}, label: `${engine}@${version}`, key: 'k' };
    const server = await runtime.start(spec, ctx);
    if (i > 0) times.push(performance.now() - started);
    await server[Symbol.asyncDispose]();
  }
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ engine, version, medianMs: Math.round(times[Math.floor(times.length / 2)] ?? 0), starts: times.length }));
