import { stringify } from 'yaml';

/** A kubeconfig that kubectl and @kubernetes/client-node use as is: HTTPS server, CA data, bearer token. */
export function buildKubeconfig(options: { clusterName: string; server: string; caData: string; user: string; token: string; namespace?: string }): string {
  const context = `${options.clusterName}-${options.user}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: options.clusterName, cluster: { server: options.server, 'certificate-authority-data': options.caData } }],
    users: [{ name: `${options.clusterName}-${options.user}`, user: { token: options.token } }],
    contexts: [
      {
        name: context,
        context: { cluster: options.clusterName, user: `${options.clusterName}-${options.user}`, ...(options.namespace ? { namespace: options.namespace } : {}) },
      },
    ],
    'current-context': context,
    preferences: {},
  });
}
