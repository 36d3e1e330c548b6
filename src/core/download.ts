import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { RunContext } from './context.js';

export async function get(url: string, ctx: RunContext, method = 'GET'): Promise<Response> {
  const response = await fetch(url, { signal: ctx.signal, method });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status}`);
  return response;
}

/** Downloads `url` into `file`, showing progress, and returns its digest (`sha1`, `sha256`, `md5`) in hex. */
export async function downloadFile(url: string, file: string, algorithm: string, ctx: RunContext): Promise<string> {
  const hash = createHash(algorithm);
  let bytes = 0;
  let shown = 0;
  const name = url.slice(url.lastIndexOf('/') + 1);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      if (bytes - shown > 5_000_000) {
        shown = bytes;
        ctx.logger.progress(`downloading ${name}: ${(bytes / 1e6).toFixed(0)} MB`);
      }
      done(null, chunk);
    },
  });
  const response = await get(url, ctx);
  await pipeline(Readable.fromWeb(response.body! as WebReadableStream), counter, createWriteStream(file), { signal: ctx.signal });
  return hash.digest('hex');
}

/** The digest in a checksum file: `d41d8c…` or `d41d8c…  name` (sha1sum/md5sum output). */
export function checksumIn(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
}
