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

let processCertificate: { key: string; cert: string } | undefined;

function generateCertificate(): { key: string; cert: string } {
  const result = selfsigned.generate([{ name: 'commonName', value: 'gsv-devcluster-ca' }, { name: 'organizationName', value: 'GSV Ops devcluster' }], {
    days: 3650,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: result.private, cert: result.cert };
}

export function loadOrCreateCredentials(stateDir: string | undefined): ClusterCredentials {
  if (stateDir) {
    mkdirSync(stateDir, { recursive: true });
    const keyFile = join(stateDir, 'ca.key');
    const certFile = join(stateDir, 'ca.crt');
    const tokensFile = join(stateDir, 'tokens.json');
    let material: { key: string; cert: string };
    if (existsSync(keyFile) && existsSync(certFile)) {
      material = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
    } else {
      material = generateCertificate();
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
  return { ...processCertificate, tokens: completeTokens() };
}
