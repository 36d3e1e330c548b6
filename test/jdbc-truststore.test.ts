/** The JDBC client's trust store for compatlab's CA: made once per CA with the real keytool, then taken from the cache. */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { findJdk, trustStore } from '../src/clients/jdbc/java.js';
import { createTlsMaterial } from '../src/core/tls-material.js';
import { optionalTool } from './helpers/optional-tool.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'compatlab-truststore-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const jdk = await findJdk().catch(() => undefined);
const jdkTool = optionalTool(
  'a JDK',
  jdk ? undefined : 'java, javac and keytool not found; install: apt-get install -y default-jdk-headless',
);

describe.skipIf(jdkTool.skip)('jdbc trust store', () => {
  it('is made once per CA, kept private in the cache, and opens with its password in every JVM directory', async () => {
    jdkTool.assert();
    if (!jdk) return;
    const { caCert } = await createTlsMaterial();
    const cache = path.join(root, 'cache');
    const secrets = new Set<string>();
    const dirs = await Promise.all(['a', 'b'].map((name) => mkdtemp(path.join(root, name))));
    const first = await trustStore(jdk, cache, dirs[0]!, caCert, secrets);
    const second = await trustStore(jdk, cache, dirs[1]!, caCert, secrets);
    expect(second.password).toBe(first.password);
    expect([...secrets]).toEqual([first.password]);
    const kept = await readdir(path.join(cache, 'jdbc-truststores'));
    expect(kept).toHaveLength(1);
    expect((await stat(path.join(cache, 'jdbc-truststores', kept[0]!))).mode & 0o777).toBe(0o600);
    const listed = await execa(jdk.keytool, ['-list', '-keystore', second.file, '-storetype', 'PKCS12', '-storepass:env', 'PASS'], {
      env: { PASS: second.password },
    });
    expect(listed.stdout).toContain('compatlab-ca');
    // Another CA gets a store of its own.
    await trustStore(jdk, cache, dirs[1]!, (await createTlsMaterial()).caCert, secrets);
    expect(await readdir(path.join(cache, 'jdbc-truststores'))).toHaveLength(2);
  });
});
