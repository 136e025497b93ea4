import { createHash } from 'node:crypto';

/**
 * Certificate material for issued Secrets and CertificateRequests. The emulator does not run a CA: these are
 * well-formed PEM envelopes around deterministic bytes, enough for tools that show or compare them.
 */
export function fakePem(label: 'CERTIFICATE' | 'CERTIFICATE REQUEST' | 'RSA PRIVATE KEY', seed: string): string {
  const bytes = Buffer.concat(
    Array.from({ length: 12 }, (_, index) => createHash('sha256').update(`${seed}/${index}`).digest()),
  );
  const body = bytes.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}
