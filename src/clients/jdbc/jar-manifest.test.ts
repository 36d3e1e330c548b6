import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { driverOfClasses } from './artifacts.js';
import { jarDriverClasses, jarVersion } from './jar-manifest.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'compatlab-jar-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A zip as the JDK's `jar` writes one: deflated entries, then the central directory and its end record. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = deflateRawSync(Buffer.from(text));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(text.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(text.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function jar(name: string, manifest: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, zip({ 'org/Driver.class': 'x'.repeat(100), 'META-INF/MANIFEST.MF': manifest }));
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

describe('jarDriverClasses', () => {
  it('reads the driver classes a jar registers, by which its URL dialect is chosen', async () => {
    const file = path.join(dir, 'cj.jar');
    await writeFile(file, zip({ 'META-INF/services/java.sql.Driver': '# Connector/J\ncom.mysql.cj.jdbc.Driver\n' }));
    const classes = await jarDriverClasses(file);
    expect(classes).toEqual(['com.mysql.cj.jdbc.Driver']);
    expect(driverOfClasses(classes)?.dialect).toBe('connector-j');
    expect(await jarDriverClasses(await jar('plain.jar', 'Manifest-Version: 1.0\n'))).toEqual([]);
    expect(driverOfClasses(['com.example.Driver'])).toBeUndefined();
  });
});
