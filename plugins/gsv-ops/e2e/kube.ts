import { request } from 'node:https';
import type { DevCluster } from './stack';

/** A request to the embedded cluster's API server over HTTPS, trusting its CA, as an API client would. */
export function kubeRequest<T = any>(
  cluster: DevCluster,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; contentType?: string } = {},
): Promise<{ status: number; body: T }> {
  const url = new URL(path, cluster.url);
  const payload =
    options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolveRequest, reject) => {
    const req = request(
      url,
      {
        method,
        ca: Buffer.from(cluster.caData, 'base64'),
        headers: {
          Authorization: `Bearer ${
            options.token ?? cluster.adminToken ?? cluster.token
          }`,
          Accept: 'application/json',
          ...(payload
            ? { 'Content-Type': options.contentType ?? 'application/json' }
            : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          resolveRequest({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** GET that must succeed. */
export async function kubeGet<T = any>(
  cluster: DevCluster,
  path: string,
): Promise<T> {
  const { status, body } = await kubeRequest<T>(cluster, 'GET', path);
  if (status !== 200)
    throw new Error(`GET ${path} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}
