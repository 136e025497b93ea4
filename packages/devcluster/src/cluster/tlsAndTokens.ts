import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import { completeTokens, type DevClusterTokens } from '../rbac/TokenAuthenticator';

/**
 * The cluster's serving certificate (self-signed, also the CA clients trust, valid for 127.0.0.1 and localhost)
 * and its tokens; persisted in `stateDir` when given so kubeconfigs and env files stay valid across restarts.
 */

export interface ClusterCredentials {
  key: string;
  cert: string;
  tokens: DevClusterTokens;
}

let processCertificate: Promise<{ key: string; cert: string }> | undefined;

/** selfsigned signs with Node.js's WebCrypto (2.x's node-forge ran its RSA in JavaScript, 3-4x slower on Node 22+). */
async function generateCertificate(): Promise<{ key: string; cert: string }> {
  const notAfterDate = new Date();
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 10);
  const result = await selfsigned.generate(
    [
      { name: 'commonName', value: 'gsv-devcluster-ca' },
      { name: 'organizationName', value: 'GSV Ops devcluster' },
    ],
    {
      notAfterDate,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
      ],
    },
  );
  return { key: result.private, cert: result.cert };
}

export async function loadOrCreateCredentials(stateDir: string | undefined): Promise<ClusterCredentials> {
  if (stateDir) {
    mkdirSync(stateDir, { recursive: true });
    const keyFile = join(stateDir, 'ca.key');
    const certFile = join(stateDir, 'ca.crt');
    const tokensFile = join(stateDir, 'tokens.json');
    let material: { key: string; cert: string };
    if (existsSync(keyFile) && existsSync(certFile)) {
      material = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    } else {
      material = await generateCertificate();
      writeFileSync(keyFile, material.key, { mode: 0o600 });
      writeFileSync(certFile, material.cert);
    }
    const stored = existsSync(tokensFile) ? (JSON.parse(readFileSync(tokensFile, 'utf8')) as Partial<DevClusterTokens>) : {};
    const tokens = completeTokens(stored);
    if (Object.keys(tokens).some(name => !(name in stored))) {
      writeFileSync(tokensFile, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
    }
    return { ...material, tokens };
  }
  // Without a state dir, clusters of one process share a certificate: key generation is the slowest start-up step.
  processCertificate ??= generateCertificate();
  return { ...(await processCertificate), tokens: completeTokens() };
}
