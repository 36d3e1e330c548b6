import { describe, expect, it } from 'vitest';
import { containerTls } from './container-tls.js';

const material = { caCert: 'CA', serverCert: 'CERT', serverKey: 'KEY' };

describe('TLS files in a container', () => {
  it('stages the files and installs them for the server user before the image entrypoint runs', () => {
    const tls = containerTls(material, true, 'postgres');
    expect(tls.files).toEqual({
      cert: '/etc/compatlab/tls/server.crt',
      key: '/etc/compatlab/tls/server.key',
      clientCa: '/etc/compatlab/tls/ca.crt',
    });
    expect(tls.contents.map((c) => [c.target, c.content, c.mode.toString(8)])).toEqual([
      ['/etc/compatlab/tls-staging/server.crt', 'CERT', '644'],
      ['/etc/compatlab/tls-staging/server.key', 'KEY', '600'],
      ['/etc/compatlab/tls-staging/ca.crt', 'CA', '644'],
    ]);
    const [sh, c, script, name, ...entrypoint] = tls.entrypoint(['docker-entrypoint.sh']);
    expect([sh, c, name, entrypoint]).toEqual(['sh', '-c', 'compatlab-tls', ['docker-entrypoint.sh']]);
    expect(script).toBe(
      [
        'set -e',
        'install -d -o postgres -m 700 /etc/compatlab/tls',
        'install -o postgres -m 644 /etc/compatlab/tls-staging/server.crt /etc/compatlab/tls/server.crt',
        'install -o postgres -m 600 /etc/compatlab/tls-staging/server.key /etc/compatlab/tls/server.key',
        'install -o postgres -m 644 /etc/compatlab/tls-staging/ca.crt /etc/compatlab/tls/ca.crt',
        'exec "$@"',
      ].join('\n'),
    );
  });

  it('leaves the client CA out unless asked for', () => {
    const tls = containerTls(material, false, 'mysql');
    expect(tls.files.clientCa).toBeUndefined();
    expect(tls.contents).toHaveLength(2);
  });
});
