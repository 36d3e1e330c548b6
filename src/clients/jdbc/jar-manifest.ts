import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

const manifestName = 'META-INF/MANIFEST.MF';

/**
 * A jar's own version, from its manifest (`Implementation-Version`, else the OSGi `Bundle-Version`), known
 * before the JVM starts: the runner compares it with the version asked for. Undefined when the jar says none.
 */
export async function jarVersion(file: string): Promise<string | undefined> {
  const manifest = readEntry(await readFile(file), manifestName);
  if (manifest === undefined) return undefined;
  // Manifest lines are wrapped at 72 bytes with a leading space on the continuation.
  const fields = new Map(
    manifest
      .replace(/\r?\n /g, '')
      .split(/\r?\n/)
      .map((line) => line.split(/: (.*)/s, 2) as [string, string | undefined]),
  );
  return fields.get('Implementation-Version')?.trim() || fields.get('Bundle-Version')?.trim() || undefined;
}

/** The JDBC driver classes a jar registers (`META-INF/services/java.sql.Driver`), as `DriverManager` finds them. */
export async function jarDriverClasses(file: string): Promise<string[]> {
  const services = readEntry(await readFile(file), 'META-INF/services/java.sql.Driver') ?? '';
  return services
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** An entry's text, found through the zip's central directory (a jar is a zip). */
function readEntry(zip: Buffer, entryName: string): string | undefined {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return undefined;
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries && zip.readUInt32LE(at) === 0x02014b50; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (name === entryName) {
      const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(start, start + compressedSize);
      if (method === 0) return data.toString('utf8');
      return method === 8 ? inflateRawSync(data).toString('utf8') : undefined;
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return undefined;
}
