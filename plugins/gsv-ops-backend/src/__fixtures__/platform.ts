import type { Entity } from '@backstage/catalog-model';
import type { KubeObject } from '../services/ClusterRegistry/types';
import {
  application,
  backup,
  cnpgCluster,
  cnpgPod,
  crashLoopPod,
  deployment,
  expiringCertificate,
  externalSecret,
  failingCertificate,
  healthyCertificate,
  hpa,
  objectStore,
  pvc,
  replicaSet,
  runningPod,
  scheduledBackup,
  warningEvent,
} from './objects';

/** The catalog entity of the agent registry, annotated as in catalog-info.yaml. */
export const agentRegistryEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'agent-registry',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'agent-registry',
      'backstage.io/kubernetes-namespace': 'cmp',
      'gsv.io/cnpg-cluster': 'cmp/cmp-postgres',
      'argocd/app-name': 'agent-registry,agent-registry-qa',
      'gsv.io/certificates': 'cmp/agent-registry-tls,cert-manager/wildcard-dev-tls',
      'gsv.io/external-secrets': 'cmp/agent-registry-secrets',
      'gsv.io/dependencies': 'qdrant=http://qdrant.cmp.svc:6333/healthz,llm-gateway=http://llm-gateway.cmp.svc:8080/healthz',
      'gsv.io/worker-deployment': 'cmp/agent-registry-worker',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/cmp-team' },
};

export const keycloakEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'keycloak',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'keycloak',
      'backstage.io/kubernetes-namespace': 'sso',
      'argocd/app-name': 'keycloak',
      'gsv.io/certificates': 'sso/keycloak-tls',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'group:default/platform-team' },
};

const node = (name: string, ready = true): KubeObject => ({
  metadata: { name, labels: { 'node-role.kubernetes.io/worker': '' } },
  status: { nodeInfo: { kubeletVersion: 'v1.30.0' }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'KubeletNotReady' }] },
});

const ns = (name: string): KubeObject => ({ metadata: { name }, status: { phase: 'Active' } });

/** The objects of a small GSV platform cluster, keyed by plural (CNPG clusters under `clusters`). */
export function platformObjects(): Record<string, KubeObject[]> {
  const worker = deployment({
    metadata: { name: 'agent-registry-worker', uid: 'dep-2', labels: { 'backstage.io/kubernetes-id': 'agent-registry-worker' } },
    spec: { replicas: 2 },
    status: { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
  });
  const keycloak = deployment({
    metadata: { name: 'keycloak', namespace: 'sso', uid: 'dep-3', labels: { 'backstage.io/kubernetes-id': 'keycloak' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'keycloak', image: 'quay.io/keycloak/keycloak:25.0' }] } } },
    status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
  });
  return {
    namespaces: ['cmp', 'sso', 'argocd', 'cert-manager'].map(ns),
    nodes: [node('node-1'), node('node-2')],
    deployments: [deployment(), worker, keycloak],
    replicasets: [replicaSet('agent-registry-5d8f7', '12'), replicaSet('agent-registry-4c1a2', '11')],
    pods: [
      runningPod('agent-registry-5d8f7-a'),
      runningPod('agent-registry-5d8f7-b'),
      crashLoopPod('agent-registry-5d8f7-c'),
      cnpgPod(1, 'primary'),
      cnpgPod(2, 'replica'),
    ],
    horizontalpodautoscalers: [hpa()],
    certificates: [healthyCertificate(), expiringCertificate(), failingCertificate()],
    clusters: [cnpgCluster()],
    backups: [
      backup('cmp-postgres-daily-20241203020000', 'failed', '2024-12-03T02:00:03Z', '2024-12-03T02:00:09Z', 'exit status 4'),
      backup('cmp-postgres-daily-20241204020000', 'completed', '2024-12-04T02:00:03Z', '2024-12-04T02:00:41Z'),
    ],
    scheduledbackups: [scheduledBackup()],
    objectstores: [objectStore()],
    applications: [
      application('agent-registry', 'Synced', 'Healthy'),
      application('keycloak', 'OutOfSync', 'Healthy', { spec: { destination: { namespace: 'sso' } } }),
    ],
    externalsecrets: [externalSecret()],
    persistentvolumeclaims: [pvc('cmp-postgres-1'), pvc('cmp-postgres-2')],
    events: [
      warningEvent('agent-registry-5d8f7-c.1', { kind: 'Pod', name: 'agent-registry-5d8f7-c' }, '2024-12-04T09:59:00Z') as unknown as KubeObject,
      warningEvent('wildcard.1', { kind: 'Certificate', name: 'wildcard-dev-tls', namespace: 'cert-manager' }, '2024-12-04T09:00:30Z', 'Failed', 'The certificate request has failed to complete and will be retried') as unknown as KubeObject,
    ],
  };
}
