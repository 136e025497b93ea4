import type { RunbookId } from '@gsv/plugin-gsv-ops-common';

/** What a person fills in on a runbook template's first two pages. */
export interface SampleForm {
  entityRef: string;
  target: {
    cluster: string;
    environment?: string;
    namespace?: string;
    name: string;
  };
  parameters: Record<string, unknown>;
}

/**
 * Realistic form values per runbook, on the GSV platform of the repository's catalog (catalog-info.yaml) and the
 * embedded cluster. The live check replaces the target with the matching one the picker endpoint lists.
 */
export const SAMPLE_FORMS: Record<RunbookId, SampleForm> = {
  'deployment-restart': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
    parameters: { timeoutSeconds: 300 },
  },
  'deployment-scale': {
    entityRef: 'component:default/agent-registry-worker',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry-worker',
    },
    parameters: { replicas: 3, timeoutSeconds: 300 },
  },
  'deployment-rollback': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
    parameters: { timeoutSeconds: 300 },
  },
  'deployment-set-resources': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
    parameters: {
      container: 'agent-registry',
      requests: { memory: '768Mi' },
      limits: { memory: '1536Mi' },
      timeoutSeconds: 300,
    },
  },
  'database-backup': {
    entityRef: 'resource:default/cmp-postgres',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'cmp-postgres',
    },
    parameters: { timeoutSeconds: 1800 },
  },
  'database-switchover': {
    entityRef: 'resource:default/cmp-postgres',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'cmp-postgres',
    },
    parameters: { timeoutSeconds: 600 },
  },
  'certificate-renew': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry-tls',
    },
    parameters: { timeoutSeconds: 600 },
  },
  'secret-rotate': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry-secrets',
    },
    parameters: { restartConsumers: true, timeoutSeconds: 600 },
  },
  'application-sync': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'argocd',
      name: 'agent-registry',
    },
    parameters: { prune: false, timeoutSeconds: 600 },
  },
  'database-restore': {
    entityRef: 'resource:default/cmp-postgres',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'cmp-postgres',
    },
    parameters: {
      newClusterName: 'cmp-postgres-restore',
      targetTime: '2026-11-24T10:00:00.000Z',
      instances: 1,
      timeoutSeconds: 1800,
    },
  },
  'database-scale': {
    entityRef: 'resource:default/cmp-postgres',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'cmp-postgres',
    },
    parameters: { instances: 4, timeoutSeconds: 1200 },
  },
  'workload-cleanup': {
    entityRef: 'component:default/agent-registry',
    target: { cluster: 'gsv-dev', environment: 'dev', name: 'cmp' },
    parameters: {
      completedJobsOlderThanHours: 24,
      keepReplicaSets: 3,
      maxDeletions: 50,
      timeoutSeconds: 300,
    },
  },
  'autoscaler-scale': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
    parameters: { minReplicas: 3, maxReplicas: 10, timeoutSeconds: 300 },
  },
  'database-migrate': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
    parameters: { mode: 'plan', timeoutSeconds: 600 },
  },
  'image-promote': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'argocd',
      name: 'agent-registry-qa',
    },
    parameters: {
      fromEnvironment: 'dev',
      toEnvironment: 'qa',
      timeoutSeconds: 600,
    },
  },
  'database-maintenance': {
    entityRef: 'resource:default/cmp-postgres',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'cmp-postgres',
    },
    parameters: { operation: 'bloat-report', timeoutSeconds: 1800 },
  },
  'service-diagnostics': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry',
    },
    parameters: { timeoutSeconds: 120 },
  },
  'pooler-configure': {
    entityRef: 'component:default/agent-registry',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'cmp-postgres-pooler-rw',
    },
    parameters: {
      defaultPoolSize: 25,
      maxClientConn: 300,
      timeoutSeconds: 300,
    },
  },
  'deployment-rollout-strategy': {
    entityRef: 'component:default/agent-registry-worker',
    target: {
      cluster: 'gsv-dev',
      environment: 'dev',
      namespace: 'cmp',
      name: 'agent-registry-worker',
    },
    parameters: {
      preset: 'zero-downtime',
      switchFromRecreate: false,
      timeoutSeconds: 120,
    },
  },
};

/**
 * Values of the fields a chained template asks besides the runbook's form, by template name (e.g. the service the DR
 * drill verifies after the restore).
 */
export const SAMPLE_EXTRA_VALUES: Record<string, Record<string, unknown>> = {
  // the embedded cluster's dev seed has an expired wildcard certificate on purpose: the drill reports it, not fails
  'gsv-dr-restore-drill': {
    service: 'component:default/agent-registry',
    failWhenServiceUnhealthy: false,
  },
};
