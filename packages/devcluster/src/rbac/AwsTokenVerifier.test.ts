import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsTokenVerifier } from './AwsTokenVerifier';

const identity = {
  accessKeyId: 'AKIAGSVOPSTEST000001',
  secretAccessKey: 'gsv-ops-test-secret-key-0000000000000000',
  username: 'arn:aws:iam::111122223333:user/gsv-ops',
  groups: ['gsv-ops'],
};
const NOW = Date.parse('2026-12-06T10:15:00Z');

/** A token as `aws eks get-token` makes it: a presigned GetCallerIdentity for the cluster id. */
async function token(options: { clusterId?: string; secret?: string; at?: number; region?: string } = {}) {
  const region = options.region ?? 'eu-central-1';
  const signer = new SignatureV4({
    credentials: { accessKeyId: identity.accessKeyId, secretAccessKey: options.secret ?? identity.secretAccessKey },
    region,
    service: 'sts',
    sha256: Sha256,
  });
  const host = `sts.${region}.amazonaws.com`;
  const request = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      headers: { host, 'x-k8s-aws-id': options.clusterId ?? 'gsv-eks' },
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    },
    { expiresIn: 0, signingDate: new Date(options.at ?? NOW) },
  );
  const query = new URLSearchParams(request.query as Record<string, string>).toString();
  return `k8s-aws-v1.${Buffer.from(`https://${host}/?${query}`).toString('base64url')}`;
}

describe('AwsTokenVerifier', () => {
  const verifier = new AwsTokenVerifier({ clusterId: 'gsv-eks', identities: [identity] }, () => NOW + 60_000);

  it('maps a token signed by a known key for this cluster to its Kubernetes user', async () => {
    await expect(verifier.verify(await token())).resolves.toEqual({
      username: 'arn:aws:iam::111122223333:user/gsv-ops',
      groups: ['gsv-ops', 'system:authenticated'],
    });
  });

  it.each([
    ['signed for another cluster', { clusterId: 'other-eks' }],
    ['signed with another secret', { secret: 'not-the-secret-key-000000000000000000000' }],
    ['older than 15 minutes', { at: NOW - 16 * 60_000 }],
  ])('refuses a token %s', async (_, options) => {
    await expect(verifier.verify(await token(options))).resolves.toBeUndefined();
  });

  it('refuses what is not a presigned STS GetCallerIdentity', async () => {
    const elsewhere = `k8s-aws-v1.${Buffer.from('https://evil.example.com/?Action=GetCallerIdentity').toString('base64url')}`;
    await expect(verifier.verify(elsewhere)).resolves.toBeUndefined();
    await expect(verifier.verify('k8s-aws-v1.%%%')).resolves.toBeUndefined();
    expect(AwsTokenVerifier.isAwsToken('eyJhbGciOi')).toBe(false);
  });
});
