import path from 'node:path';
import { readJsonFile, writePrivateJson } from '../core/private-file.js';
import type { TlsMaterial } from '../core/tls-material.js';

/** Material is made again once it has less than this left: a run never meets a certificate that expires mid-run. */
const minimumLifeMs = 24 * 60 * 60 * 1000;

/** Raised whenever createTlsMaterial makes something else (names, key sizes): older material is then made anew. */
const format = 1;

interface Cached extends TlsMaterial {
  format: number;
  notAfter: string;
}

/**
 * The throw-away CA and localhost certificate, made once and kept (mode 0600) in the cache directory
 * until a day before they expire: loading the X.509 library and making two RSA keys costs about 0.4 s
 * of every run's first TLS server. A cache that cannot be read or written only means making them anew.
 */
export async function cachedTlsMaterial(cacheDir: string, create: () => Promise<TlsMaterial & { notAfter: Date }>): Promise<TlsMaterial> {
  const file = path.join(cacheDir, 'tls', 'material.json');
  const cached = asCached(await readJsonFile(file));
  if (cached && new Date(cached.notAfter).getTime() - Date.now() > minimumLifeMs) return cached;
  const made = await create();
  const material: Cached = {
    format,
    caCert: made.caCert,
    serverCert: made.serverCert,
    serverKey: made.serverKey,
    notAfter: made.notAfter.toISOString(),
  };
  // Not cached: the next run makes its own.
  await writePrivateJson(file, material).catch(() => {});
  return material;
}

function asCached(json: unknown): Cached | undefined {
  const value = (json ?? {}) as Partial<Cached>;
  const fields = [value.caCert, value.serverCert, value.serverKey, value.notAfter];
  return value.format === format && fields.every((f) => typeof f === 'string' && f !== '') ? (value as Cached) : undefined;
}
