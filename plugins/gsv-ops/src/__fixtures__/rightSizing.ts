import type {
  ContainerRightSizing,
  EntityRightSizingView,
  PlatformRightSizingView,
  RightSizingSettings,
} from '@gsv/plugin-gsv-ops-common';

const MI = 2 ** 20;

export const rightSizingSettings: RightSizingSettings = {
  window: '7d',
  minimumHistorySeconds: 86_400,
  headroom: 1.2,
  overProvisionedBelow: 0.5,
  underProvisionedAbove: 1,
  memoryGiBPerCore: 4,
};

/** The worker: ~150Mi used of a 512Mi request on each of two pods. */
export const overProvisionedWorker: ContainerRightSizing = {
  workload: {
    kind: 'Deployment',
    namespace: 'cmp',
    name: 'agent-registry-worker',
  },
  container: 'worker',
  replicas: 2,
  cpu: {
    request: 0.2,
    limit: 1,
    p95: 0.13,
    ratio: 0.65,
    verdict: 'fine',
    suggestedRequest: '160m',
    reclaimable: 0,
  },
  memory: {
    request: 512 * MI,
    limit: 1024 * MI,
    p95: 151 * MI,
    ratio: 151 / 512,
    verdict: 'over-provisioned',
    suggestedRequest: '192Mi',
    reclaimable: 640 * MI,
  },
  verdict: 'over-provisioned',
  historySeconds: 7 * 86_400,
  wasteScore: 640 / 1024 / 4,
  action: {
    runbook: 'deployment-set-resources',
    target: {
      kind: 'Deployment',
      namespace: 'cmp',
      name: 'agent-registry-worker',
    },
    parameters: {
      namespace: 'cmp',
      deployment: 'agent-registry-worker',
      container: 'worker',
      requests: { memory: '192Mi' },
    },
  },
};

/** The API: a day into its history, not enough for a verdict yet. */
export const youngApi: ContainerRightSizing = {
  workload: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
  container: 'agent-registry',
  replicas: 3,
  cpu: {
    request: 0.25,
    limit: 1,
    p95: 0.16,
    ratio: 0.64,
    verdict: 'not-enough-data',
    reclaimable: 0,
  },
  memory: {
    request: 512 * MI,
    limit: 1024 * MI,
    p95: 340 * MI,
    ratio: 340 / 512,
    verdict: 'not-enough-data',
    reclaimable: 0,
  },
  verdict: 'not-enough-data',
  historySeconds: 3 * 3600,
  wasteScore: 0,
};

export function entityRightSizingView(
  overrides: Partial<EntityRightSizingView> = {},
): EntityRightSizingView {
  return {
    entityRef: 'component:default/agent-registry',
    cluster: 'gsv-dev',
    environment: 'dev',
    generatedAt: '2026-11-25T10:00:00Z',
    settings: rightSizingSettings,
    usageConfigured: true,
    containers: [overProvisionedWorker, youngApi],
    unusedPvcs: [
      {
        namespace: 'cmp',
        name: 'agent-registry-media-export',
        capacityBytes: 20 * 2 ** 30,
        storageClass: 'standard',
        createdAt: '2026-10-16T10:00:00Z',
      },
    ],
    completedJobs: [
      {
        namespace: 'cmp',
        succeeded: 6,
        failed: 1,
        ownedByCronJobs: 3,
        oldestFinishedAt: '2026-11-13T10:00:00Z',
        action: {
          runbook: 'workload-cleanup',
          target: { kind: 'Namespace', name: 'cmp' },
          parameters: { namespace: 'cmp', completedJobsOlderThanHours: 24 },
        },
      },
    ],
    errors: [],
    ...overrides,
  };
}

export function platformRightSizingView(): PlatformRightSizingView {
  const entity = entityRightSizingView();
  return {
    generatedAt: entity.generatedAt,
    settings: rightSizingSettings,
    services: [
      {
        entityRef: 'component:default/agent-registry-worker',
        cluster: 'gsv-dev',
        environment: 'dev',
        requested: { cpu: 0.4, memory: 1024 * MI },
        used: { cpu: 0.26, memory: 302 * MI },
        reclaimable: { cpu: 0, memory: 640 * MI },
        wasteScore: overProvisionedWorker.wasteScore,
        overProvisioned: 1,
        underProvisioned: 0,
      },
    ],
    containers: [
      {
        ...overProvisionedWorker,
        entityRef: 'component:default/agent-registry-worker',
        cluster: 'gsv-dev',
        environment: 'dev',
      },
    ],
    unusedPvcs: entity.unusedPvcs.map(p => ({ ...p, cluster: 'gsv-dev' })),
    unusedPvcBytes: 20 * 2 ** 30,
    completedJobs: entity.completedJobs.map(j => ({
      ...j,
      cluster: 'gsv-dev',
      environment: 'dev',
      entityRef: 'component:default/agent-registry',
    })),
    errors: [],
  };
}
