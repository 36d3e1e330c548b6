import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { jarVersion } from './jar-manifest.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-jar-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A jar as `zip` makes one (Python's zipfile: deflated, like the JDK's `jar`). */
async function jar(name: string, manifest: string): Promise<string> {
  const file = path.join(dir, name);
  const script = `import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('org/Driver.class', b'x' * 100)
    z.writestr('META-INF/MANIFEST.MF', sys.argv[2])`;
  await writeFile(path.join(dir, 'make.py'), script);
  await execa('python3', [path.join(dir, 'make.py'), file, manifest]);
  return file;
}

describe('jarVersion', () => {
  it('reads Implementation-Version, else Bundle-Version, from the manifest', async () => {
    const pgjdbc = await jar(
      'pg.jar',
      'Manifest-Version: 1.0\r\nImplementation-Title: PostgreSQL JDBC Driver\r\nImplementation-Version: 42.5.5\r\n',
    );
    const mariadb = await jar('m.jar', 'Manifest-Version: 1.0\nBundle-Name: mariadb-java-client\nBundle-Version: 2.7.6\n');
    const none = await jar('none.jar', 'Manifest-Version: 1.0\n');
    expect([await jarVersion(pgjdbc), await jarVersion(mariadb), await jarVersion(none)]).toEqual(['42.5.5', '2.7.6', undefined]);
  });
});
