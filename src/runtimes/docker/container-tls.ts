import type { ServerTlsFiles } from '../../core/engine.js';
import { InfraError } from '../../core/errors.js';
import type { TlsMaterial } from '../../core/tls-material.js';

const stagingDir = '/etc/compatlab/tls-staging';
const tlsDir = '/etc/compatlab/tls';

export interface ContainerTls {
  /** Copied into the container before it starts (owned by root). */
  contents: { content: string; target: string; mode: number }[];
  /** Where the server finds them. */
  files: ServerTlsFiles;
  /** Wraps the image's entrypoint so the files belong to the server user first. */
  entrypoint(imageEntrypoint: string[]): string[];
}

/**
 * Files copied into a container belong to root, but PostgreSQL refuses a key it does not own with
 * mode 0600. So the files are staged, and installed for the server user each time the container
 * starts (also after a restart), before the image's own entrypoint runs.
 */
export function containerTls(material: TlsMaterial, clientCa: boolean, serverUser: string): ContainerTls {
  if (!/^[a-z_][a-z0-9_-]*$/.test(serverUser)) throw new InfraError(`unexpected server user "${serverUser}"`);
  const wanted = [
    { kind: 'cert', name: 'server.crt', pem: material.serverCert, mode: 0o644 },
    { kind: 'key', name: 'server.key', pem: material.serverKey, mode: 0o600 },
    ...(clientCa ? [{ kind: 'clientCa', name: 'ca.crt', pem: material.caCert, mode: 0o644 }] : []),
  ] as const;
  const script = [
    'set -e',
    `install -d -o ${serverUser} -m 700 ${tlsDir}`,
    ...wanted.map((f) => `install -o ${serverUser} -m ${f.mode.toString(8)} ${stagingDir}/${f.name} ${tlsDir}/${f.name}`),
    'exec "$@"',
  ].join('\n');
  return {
    contents: wanted.map((f) => ({ content: f.pem, target: `${stagingDir}/${f.name}`, mode: f.mode })),
    files: {
      cert: `${tlsDir}/server.crt`,
      key: `${tlsDir}/server.key`,
      clientCa: clientCa ? `${tlsDir}/ca.crt` : undefined,
    },
    entrypoint: (imageEntrypoint) => ['sh', '-c', script, 'compatlab-tls', ...imageEntrypoint],
  };
}
