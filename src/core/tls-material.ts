import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** PEM files a TLS server needs: a throw-away CA and a server certificate for localhost. */
export interface TlsMaterial {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const day = 24 * 60 * 60 * 1000;

export async function createTlsMaterial(): Promise<TlsMaterial & { notAfter: Date }> {
  x509.cryptoProvider.set(webcrypto as Crypto);
  const notBefore = new Date(Date.now() - day);
  const notAfter = new Date(Date.now() + 30 * day);

  // RSA key generation takes a few hundred milliseconds each, in the thread pool: both at once.
  const keyPair = () => webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const [caKeys, serverKeys] = await Promise.all([keyPair(), keyPair()]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=compatlab throw-away CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });

  const server = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=localhost',
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });

  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    caCert: ca.toString('pem'),
    serverCert: server.toString('pem'),
    serverKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    notAfter,
  };
}
