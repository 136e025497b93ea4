import type { DevCluster } from '@gsv/devcluster';

/**
 * The `kubernetes` and `gsvOps.clusters` configuration of a backend that reads the embedded cluster as `name`, with
 * its simulated Prometheus and Alertmanager when it runs them.
 */
export function devClusterConfig(
  cluster: DevCluster,
  name = 'gsv-dev',
  environment = 'dev',
) {
  const monitoring = cluster.monitoring
    ? {
        prometheus: { baseUrl: cluster.monitoring.prometheusUrl },
        alertmanager: { baseUrl: cluster.monitoring.alertmanagerUrl },
      }
    : {};
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name,
              url: cluster.url,
              authProvider: 'serviceAccount',
              serviceAccountToken: cluster.tokens.backend,
              caData: cluster.caData,
            },
          ],
        },
      ],
    },
    clusters: { [name]: { environment, ...monitoring } },
  };
}
