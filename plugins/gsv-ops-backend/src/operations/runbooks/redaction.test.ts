import type { RunbookId } from '@gsv/plugin-gsv-ops-common';
import { startTestbed, Testbed } from '../__testUtils__/testbed';

jest.setTimeout(90_000);

/**
 * Every runbook that records a diff, against objects that carry secrets: literal container env values (in the
 * Deployments, in their ReplicaSets, in the database's spec) and credential annotations. The operation record —
 * diffs, messages, summary, result — carries none of them, in a dry run and in a real run.
 */
const SECRETS = {
  env: 'LITERAL-ENV-VALUE-1f3a',
  dbEnv: 'DATABASE-ENV-VALUE-77d0',
  token: 'annotation-token-value-5e1c',
  url: 'hunter2-in-a-url',
};

const credentials = {
  'example.com/api-token': SECRETS.token,
  'example.com/notify': `https://bot:${SECRETS.url}@hooks.example.com/x`,
};

const AGENT_REGISTRY = 'component:default/agent-registry';

/**
 * The runbook, its parameters, the entity, and whether its diff shows the planted objects' metadata or env (a diff
 * of a scale or status subresource, or of a new object, does not). Every row has all four values: with fewer, jest
 * hands the test a `done` callback in the last argument's place.
 */
type Parameters = Record<string, unknown> | ((bed: Testbed) => Record<string, unknown>);

const RUNBOOKS: Array<[RunbookId, Parameters, string, boolean]> = [
  ['deployment-restart', { namespace: 'cmp', deployment: 'agent-registry' }, AGENT_REGISTRY, true],
  ['deployment-scale', { namespace: 'cmp', deployment: 'agent-registry-worker', replicas: 4 }, AGENT_REGISTRY, false],
  ['autoscaler-scale', { namespace: 'cmp', autoscaler: 'agent-registry', minReplicas: 4 }, AGENT_REGISTRY, true],
  ['deployment-rollback', { namespace: 'cmp', deployment: 'agent-registry-worker' }, AGENT_REGISTRY, true],
  ['deployment-set-resources', { namespace: 'cmp', deployment: 'agent-registry', container: 'agent-registry', requests: { memory: '600Mi' } }, AGENT_REGISTRY, true],
  ['database-backup', { namespace: 'cmp', cluster: 'cmp-postgres' }, AGENT_REGISTRY, false],
  ['database-switchover', { namespace: 'cmp', cluster: 'cmp-postgres' }, AGENT_REGISTRY, false],
  [
    'database-restore',
    ({ dev }) => ({
      namespace: 'cmp',
      sourceCluster: 'cmp-postgres',
      newClusterName: 'cmp-postgres-pitr',
      targetTime: new Date(dev.clock.now() - 3600_000).toISOString(),
    }),
    AGENT_REGISTRY,
    false,
  ],
  ['database-scale', { namespace: 'cmp', cluster: 'cmp-postgres', instances: 4 }, AGENT_REGISTRY, true],
  ['certificate-renew', { namespace: 'cmp', certificate: 'agent-registry-tls' }, AGENT_REGISTRY, false],
  ['secret-rotate', { namespace: 'cmp', externalSecret: 'agent-registry-secrets', restartConsumers: true }, AGENT_REGISTRY, true],
  ['application-sync', { application: 'keycloak' }, 'component:default/keycloak', true],
  ['workload-cleanup', { namespace: 'cmp', keepReplicaSets: 1, completedJobsOlderThanHours: 1 }, AGENT_REGISTRY, true],
];

describe('operation records never carry secrets', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed();
    const { store } = bed.dev;
    for (const name of ['agent-registry', 'agent-registry-worker']) {
      const deployment = store.get('deployments.apps', 'cmp', name)!;
      const containers = deployment.spec.template.spec.containers.map((c: any) => ({
        ...c,
        env: [...(c.env ?? []), { name: 'API_SECRET', value: SECRETS.env }],
      }));
      store.patch('deployments.apps', 'cmp', name, {
        metadata: { annotations: credentials },
        spec: { template: { spec: { containers } } },
      });
    }
    // two more rollouts, so that an old ReplicaSet beyond the one a clean-up keeps carries the env value too
    await rolledOut(bed, 'agent-registry');
    for (const rollout of ['two', 'three']) {
      const template = store.get('deployments.apps', 'cmp', 'agent-registry')!.spec.template;
      store.patch('deployments.apps', 'cmp', 'agent-registry', {
        spec: { template: { metadata: { annotations: { ...template.metadata?.annotations, 'example.com/rollout': rollout } } } },
      });
      await rolledOut(bed, 'agent-registry');
    }
    store.patch('clusters.postgresql.cnpg.io', 'cmp', 'cmp-postgres', {
      metadata: { annotations: credentials },
      spec: { env: [{ name: 'PGAPPNAME_SECRET', value: SECRETS.dbEnv }] },
    });
    store.patch('certificates.cert-manager.io', 'cmp', 'agent-registry-tls', { metadata: { annotations: credentials } });
    store.patch('externalsecrets.external-secrets.io', 'cmp', 'agent-registry-secrets', { metadata: { annotations: credentials } });
    store.patch('applications.argoproj.io', 'argocd', 'keycloak', { metadata: { annotations: credentials } });
    store.patch('horizontalpodautoscalers.autoscaling', 'cmp', 'agent-registry', { metadata: { annotations: credentials } });
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it.each(RUNBOOKS)('%s: its dry run records diffs without a secret', async (runbook, parameters, entityRef, showsSecrets) => {
    const op = await bed.start(runbook, typeof parameters === 'function' ? parameters(bed) : parameters, { dryRun: true, entityRef });
    expect({ status: op.status, summary: op.summary }).toMatchObject({ status: 'succeeded' });
    const diffs = op.steps.filter(s => typeof s.detail?.diff === 'string');
    expect(diffs.length).toBeGreaterThan(0);
    // where the secrets were there to leak, the diffs show them redacted
    expect(diffs.map(d => d.detail!.diff as string).join('\n').includes('(redacted ')).toBe(showsSecrets);
    expect(leaked(JSON.stringify(op))).toEqual([]);
  });

  it('a real run records its applied diff without a secret', async () => {
    const op = await bed.start('deployment-restart', { namespace: 'cmp', deployment: 'agent-registry' });
    const done = await bed.finished(op.id, 40_000);
    expect(done.steps.find(s => s.name === 'apply')?.detail?.diff).toContain('(redacted ');
    expect(leaked(JSON.stringify(done))).toEqual([]);
  });
});

/** Waits until the deployment's latest template is rolled out and its old ReplicaSets are scaled to zero. */
async function rolledOut(bed: Testbed, name: string) {
  for (let until = Date.now() + 30_000; ; ) {
    const deployment = bed.dev.store.get('deployments.apps', 'cmp', name)!;
    const scaledUp = bed.dev.store
      .list('replicasets.apps', { namespace: 'cmp' })
      .filter(rs => rs.metadata.ownerReferences?.some(o => o.name === name) && rs.spec.replicas > 0);
    const status = deployment.status ?? {};
    const complete = status.observedGeneration >= deployment.metadata.generation! && status.updatedReplicas === deployment.spec.replicas;
    if (complete && status.replicas === deployment.spec.replicas && scaledUp.length === 1) return;
    if (Date.now() > until) throw new Error(`${name} did not roll out: ${JSON.stringify(status)}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

function leaked(text: string): string[] {
  return Object.values(SECRETS).filter(secret => text.includes(secret));
}
