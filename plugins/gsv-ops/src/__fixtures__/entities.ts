import type { Entity } from '@backstage/catalog-model';

/** agent-registry as catalog-info.yaml declares it. */
export const agentRegistryEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'agent-registry',
    namespace: 'default',
    title: 'Agent Registry',
    annotations: {
      'backstage.io/kubernetes-id': 'agent-registry',
      'backstage.io/kubernetes-namespace': 'cmp',
      'gsv.io/cnpg-cluster': 'cmp/cmp-postgres',
      'argocd/app-name': 'agent-registry',
      'gsv.io/certificates':
        'cmp/agent-registry-tls,cert-manager/wildcard-dev-tls',
      'gsv.io/external-secrets': 'cmp/agent-registry-secrets',
      'gsv.io/prometheus-job': 'agent-registry',
      'gsv.io/worker-deployment': 'cmp/agent-registry-worker',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/cmp-team',
    system: 'gsv-platform',
  },
};

/** A service that nobody has annotated for GSV Ops yet. */
export const notAnnotatedEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-api',
    namespace: 'default',
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/billing-team',
  },
};
