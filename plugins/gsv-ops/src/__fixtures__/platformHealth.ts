import type { NodeView, PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import {
  degradedView,
  devCluster,
  expiringCertificateView,
  failedBackupView,
  healthyView,
} from './entityViews';
import { hoursAgo, minutesAgo, secondsAgo } from './time';

function node(name: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    cluster: 'gsv-dev',
    name,
    ready: true,
    roles: name.includes('control') ? ['control-plane'] : ['worker'],
    kubeletVersion: 'v1.31.2',
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      },
      { type: 'MemoryPressure', status: 'False' },
      { type: 'DiskPressure', status: 'False' },
    ],
    cpuUsage: '31%',
    memoryUsage: '58%',
    level: 'ok',
    ...overrides,
  };
}

/** The morning health check of the dev cluster, on a morning with some trouble. */
export function platformHealthView(): PlatformHealthView {
  const degraded = degradedView().clusters[0];
  const expiring = expiringCertificateView().clusters[0];
  const healthy = healthyView().clusters[0];
  const failedBackup = failedBackupView().clusters[0];
  const row = <T>(item: T, entityRef?: string) => ({
    cluster: 'gsv-dev',
    environment: 'dev' as const,
    entityRef,
    item,
  });
  const agentRegistry = 'component:default/agent-registry';

  return {
    generatedAt: secondsAgo(1),
    level: 'critical',
    findings: [
      ...degraded.findings,
      ...expiring.findings,
      {
        level: 'warning',
        code: 'node.pressure',
        reason: 'Node gsv-dev-worker-3 reports DiskPressure',
        object: { kind: 'Node', name: 'gsv-dev-worker-3' },
      },
    ],
    clusters: [devCluster()],
    nodes: [
      node('gsv-dev-control-plane', { cpuUsage: '18%', memoryUsage: '44%' }),
      node('gsv-dev-worker-1'),
      node('gsv-dev-worker-2', { cpuUsage: '64%', memoryUsage: '71%' }),
      node('gsv-dev-worker-3', {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady' },
          {
            type: 'DiskPressure',
            status: 'True',
            reason: 'KubeletHasDiskPressure',
            message: 'kubelet has disk pressure',
          },
        ],
        cpuUsage: '47%',
        memoryUsage: '83%',
        level: 'warning',
      }),
    ],
    nonRunningPods: [
      ...degraded.deployments[0].pods
        .filter(p => p.level !== 'ok')
        .map(p => row(p, agentRegistry)),
      row(
        {
          ...healthy.otherPods[0],
          namespace: 'sso',
          name: 'keycloak-0',
          status: 'Pending',
          phase: 'Pending',
          ready: false,
          readyContainers: 0,
          nodeName: undefined,
          createdAt: minutesAgo(3),
          level: 'warning',
          containers: [],
        },
        'component:default/keycloak',
      ),
      row({
        ...healthy.otherPods[0],
        namespace: 'monitoring',
        name: 'node-exporter-7xk2p',
        status: 'ImagePullBackOff',
        phase: 'Pending',
        ready: false,
        readyContainers: 0,
        level: 'critical',
        containers: [],
      }),
    ],
    applications: [
      row(degraded.applications[0], agentRegistry),
      row(
        {
          ...healthy.applications[0],
          name: 'keycloak',
          project: 'sso',
          path: 'platform/overlays/dev/keycloak',
          syncStatus: 'OutOfSync',
          healthStatus: 'Healthy',
          outOfSyncResources: [
            { kind: 'Secret', namespace: 'sso', name: 'keycloak-realm' },
          ],
          level: 'warning',
        },
        'component:default/keycloak',
      ),
    ],
    certificates: [
      row(expiring.certificates[1], agentRegistry),
      row(
        {
          ...healthy.certificates[0],
          namespace: 'sso',
          name: 'keycloak-tls',
          secretName: 'keycloak-tls',
          dnsNames: ['sso.dev.gsv.example'],
          daysToExpiry: 21,
          level: 'warning',
        },
        'component:default/keycloak',
      ),
      row(healthy.certificates[0], agentRegistry),
    ],
    pvcs: [
      row(degraded.pvcs[0], 'resource:default/cmp-postgres'),
      row({
        ...degraded.pvcs[1],
        namespace: 'monitoring',
        name: 'prometheus-db-prometheus-0',
        usedByPods: ['prometheus-0'],
        usedRatio: 0.74,
        usedBytes: Math.round(0.74 * (degraded.pvcs[1].capacityBytes ?? 0)),
        level: 'ok',
      }),
      row(degraded.pvcs[1], 'resource:default/cmp-postgres'),
      row(
        {
          ...degraded.pvcs[2],
          usedRatio: undefined,
          usedBytes: undefined,
          level: 'unknown',
        },
        'resource:default/cmp-postgres',
      ),
    ],
    databases: [
      row(failedBackup.databases[0], 'resource:default/cmp-postgres'),
    ],
    warningEvents: [
      ...degraded.events.map(e => row(e, agentRegistry)),
      row({
        namespace: 'monitoring',
        type: 'Warning',
        reason: 'Failed',
        message:
          'Failed to pull image "quay.io/prometheus/node-exporter:v9.9.9": not found',
        involvedObject: {
          kind: 'Pod',
          namespace: 'monitoring',
          name: 'node-exporter-7xk2p',
        },
        count: 7,
        firstTimestamp: hoursAgo(1),
        lastTimestamp: minutesAgo(6),
      }),
    ],
    errors: [],
    etag: 'W/"platform-1"',
  };
}
