/**
 * Warm starts of the docker runtime against the lab images (`npm run images -- postgres@15.8 mysql@9.7`):
 * containers start from data the image's entrypoint made once, with the run's own admin password.
 * Skipped when no Docker engine answers, except in CI, where that fails.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/context.js';
import { getEngine } from '../../src/engines/index.js';
import { createRunContext } from '../../src/runner/session.js';
import { dockerEngine } from '../helpers/optional-tool.js';
import { selectRuntime } from '../../src/runtimes/select.js';
import { serverSpec } from '../helpers/server-spec.js';

const dockerTool = await dockerEngine();
const { probe } = dockerTool;

describe.skipIf(dockerTool.skip)('docker runtime warm starts (lab images)', () => {
  it.each([serverSpec('postgres', '15.8'), serverSpec('mysql', '9.7')])(
    '$label: two servers from one warm image, each with its own admin password; the init password no longer works',
    { timeout: 180_000 },
    async (spec) => {
      const ctx = createRunContext(silentLogger, new AbortController().signal);
      const runtime = await selectRuntime('docker', ctx, { images: 'lab' });
      const engine = getEngine(spec.engine);
      await using first = await runtime.start(spec, ctx);
      await using second = await runtime.start(spec, ctx);
      expect(second.origin.data).toBe(first.origin.data);
      expect(second.admin.password).not.toBe(first.admin.password);
      const warmId = /kept as compatlab-warm\/[a-z]+:[0-9a-f]{16} \(sha256:([0-9a-f]{64})\)/.exec(first.origin.data ?? '')?.[1];
      expect(warmId, first.origin.data).toBeDefined();

      for (const server of [first, second]) {
        await using admin = await engine.admin(server);
        expect(await admin.versionString()).toContain(spec.engine === 'mysql' ? '9.7' : 'PostgreSQL 15.8');
      }
      const record = JSON.parse(await readFile(path.join(ctx.cacheDir, 'warm-images', `${warmId}.json`), 'utf8')) as {
        initPassword: string;
      };
      await expect(engine.admin(second, record.initPassword)).rejects.toThrow(/password authentication failed|Access denied/);
      if (!probe.ok) return;
      const image = await probe.client.container.dockerode.getImage(`sha256:${warmId}`).inspect();
      expect(JSON.stringify(image.Config)).not.toContain(record.initPassword);
      if (spec.engine === 'mysql') {
        // root@localhost (the socket, inside the container) has the run's password too, as the image sets it.
        const socket = await second.exec!(['mysql', '-uroot', '--execute=SELECT CURRENT_USER()'], {
          env: { MYSQL_PWD: second.admin.password },
        });
        expect([socket.exitCode, socket.stdout.trim()]).toEqual([0, 'CURRENT_USER()\nroot@localhost']);
      }
    },
  );
});
