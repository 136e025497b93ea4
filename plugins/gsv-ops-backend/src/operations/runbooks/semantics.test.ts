import type { KubeObject } from '../../services/ClusterRegistry/types';
import { withIssuingCondition } from './certificateRenew';
import { backupName, backupTimestamp, replicaSelector, rfc3339Micro } from './cnpg';
import { promotePatch } from './databaseSwitchover';
import { restoredCluster } from './databaseRestore';
import { equalIgnoreHash } from './deployments';
import { rollbackPatch } from './deploymentRollback';
import { refreshBlocker, usesSecret } from './secretRotate';

const t = Date.parse('2026-12-01T10:20:30.456Z');

describe('kubectl rollout undo semantics', () => {
  const deployment: KubeObject = {
    metadata: {
      name: 'agent-registry',
      annotations: {
        'deployment.kubernetes.io/revision': '5',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'team.example/owner': 'cmp',
      },
    },
    spec: { template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'app', image: 'app:v5' }] } } },
  };
  const rs: KubeObject = {
    metadata: {
      name: 'agent-registry-7d9c',
      annotations: { 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/desired-replicas': '3', 'kubernetes.io/change-cause': 'v4' },
    },
    spec: { template: { metadata: { labels: { app: 'a', 'pod-template-hash': '7d9c' } }, spec: { containers: [{ name: 'app', image: 'app:v4' }] } } },
  };

  it('replaces the template (minus pod-template-hash) and the annotations as kubectl does', () => {
    expect(rollbackPatch(deployment, rs, 'op-1')).toEqual([
      { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'app', image: 'app:v4' }] } } },
      {
        op: 'add',
        path: '/metadata/annotations',
        value: {
          // kept from the deployment: kubectl's annotationsToSkip
          'deployment.kubernetes.io/revision': '5',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          // copied from the ReplicaSet, except the skipped ones
          'kubernetes.io/change-cause': 'v4',
          'gsv.io/operation-id': 'op-1',
        },
      },
    ]);
  });

  it('compares templates ignoring the hash label', () => {
    expect(equalIgnoreHash(rs.spec.template, { ...rs.spec.template, metadata: { labels: { app: 'a' } } })).toBe(true);
    expect(equalIgnoreHash(rs.spec.template, deployment.spec.template)).toBe(false);
  });
});

describe('cmctl renew semantics', () => {
  const cert: KubeObject = {
    metadata: { name: 'wildcard-dev-tls', generation: 2, resourceVersion: '77', managedFields: [{}] },
    status: {
      revision: 4,
      conditions: [
        { type: 'Ready', status: 'False', reason: 'Expired', message: 'expired' },
        { type: 'Issuing', status: 'False', reason: 'Failed', message: 'order invalid', lastTransitionTime: '2024-12-03T09:00:00Z' },
      ],
    },
  };

  it('upserts Issuing=True/ManuallyTriggered with observedGeneration, keeping the other conditions and the resourceVersion', () => {
    const updated = withIssuingCondition(cert, t);
    expect(updated.metadata.resourceVersion).toBe('77');
    expect(updated.metadata.managedFields).toBeUndefined();
    expect(updated.status.conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'Expired', message: 'expired' },
      {
        type: 'Issuing',
        status: 'True',
        reason: 'ManuallyTriggered',
        message: 'Certificate re-issuance manually triggered',
        lastTransitionTime: '2026-12-01T10:20:30Z',
        observedGeneration: 2,
      },
    ]);
    expect(cert.status.conditions[1].status).toBe('False');
  });

  it('adds the condition when there is none', () => {
    const fresh = withIssuingCondition({ metadata: { name: 'c', generation: 1 }, status: {} }, t);
    expect(fresh.status.conditions).toHaveLength(1);
  });
});

describe('kubectl cnpg promote semantics', () => {
  it('patches the status with the target, timestamps in RFC3339 micro, and the whole conditions list', () => {
    const cluster: KubeObject = {
      metadata: { name: 'cmp-postgres', resourceVersion: '501' },
      status: {
        currentPrimary: 'cmp-postgres-1',
        conditions: [
          { type: 'Ready', status: 'True', reason: 'ClusterIsReady' },
          { type: 'ContinuousArchiving', status: 'True' },
        ],
      },
    };
    expect(promotePatch(cluster, 'cmp-postgres-2', t)).toEqual({
      metadata: { resourceVersion: '501' },
      status: {
        targetPrimary: 'cmp-postgres-2',
        targetPrimaryTimestamp: '2026-12-01T10:20:30.456000Z',
        phase: 'Switchover in progress',
        phaseReason: 'Switching over to cmp-postgres-2',
        conditions: [
          { type: 'ContinuousArchiving', status: 'True' },
          { type: 'Ready', status: 'False', reason: 'ClusterIsNotReady', message: 'Cluster Is Not Ready', lastTransitionTime: '2026-12-01T10:20:30Z' },
        ],
      },
    });
  });

  it('selects replicas with the instanceRole label, never role!=primary', () => {
    expect(replicaSelector('cmp-postgres')).toBe('cnpg.io/cluster=cmp-postgres,cnpg.io/podRole=instance,cnpg.io/instanceRole=replica');
  });

  it('names backups as kubectl cnpg backup does', () => {
    expect(backupTimestamp(t)).toBe('20261201102030');
    // unique beyond the second, as generateName does it
    expect(backupName('cmp-postgres', t, () => 0)).toBe('cmp-postgres-20261201102030-bbbbb');
    expect(backupName('cmp-postgres', t)).toMatch(/^cmp-postgres-20261201102030-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(rfc3339Micro(t)).toBe('2026-12-01T10:20:30.456000Z');
  });
});

describe('point-in-time restore into a new cluster', () => {
  it('recovers from the source’s object store through the plugin, without archiving into it', () => {
    const source: KubeObject = {
      metadata: { name: 'cmp-postgres', labels: { 'backstage.io/kubernetes-id': 'agent-registry', 'cnpg.io/reload': 'true' } },
      spec: {
        instances: 3,
        imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
        storage: { size: '20Gi' },
        plugins: [{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'cmp-postgres-store' } }],
      },
    };
    const cluster = restoredCluster(
      {
        source,
        window: { first: 0, last: 1, source: 'x' },
        externalCluster: {
          name: 'cmp-postgres',
          plugin: { name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'cmp-postgres-store', serverName: 'cmp-postgres' } },
        },
      },
      { namespace: 'cmp', sourceCluster: 'cmp-postgres', newClusterName: 'cmp-postgres-restore', targetTime: '2026-12-01T11:00:00+01:00', instances: 1 },
      'op-9',
    );
    expect(cluster.metadata).toEqual({
      name: 'cmp-postgres-restore',
      namespace: 'cmp',
      labels: { 'backstage.io/kubernetes-id': 'agent-registry' },
      annotations: {
        'gsv.io/operation-id': 'op-9',
        'gsv.io/restored-from': 'cmp-postgres',
        'gsv.io/restore-target-time': '2026-12-01T10:00:00.000Z',
      },
    });
    expect(cluster.spec).toEqual({
      instances: 1,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
      storage: { size: '20Gi' },
      bootstrap: { recovery: { source: 'cmp-postgres', recoveryTarget: { targetTime: '2026-12-01T10:00:00.000Z' } } },
      externalClusters: [
        {
          name: 'cmp-postgres',
          plugin: { name: 'barman-cloud.cloudnative-pg.io', parameters: { barmanObjectName: 'cmp-postgres-store', serverName: 'cmp-postgres' } },
        },
      ],
    });
  });
});

describe('ExternalSecret refresh', () => {
  const es = (spec: Record<string, unknown>): KubeObject => ({ metadata: { name: 'agent-registry-secrets', namespace: 'cmp' }, spec });

  it.each([
    [{ refreshPolicy: 'CreatedOnce' }, /refreshPolicy CreatedOnce: the operator never refreshes it/],
    [{ refreshPolicy: 'Periodic', refreshInterval: '0' }, /refreshPolicy Periodic with refreshInterval 0/],
    [{ refreshInterval: '0s' }, /refreshPolicy Periodic with refreshInterval 0/],
  ])('refuses %j because the operator would ignore the request', (spec, message) => {
    expect(refreshBlocker(es(spec))).toMatch(message);
  });

  it.each([[{ refreshPolicy: 'OnChange' }], [{ refreshInterval: '1h0m0s' }], [{}]])('accepts %j', spec => {
    expect(refreshBlocker(es(spec))).toBeUndefined();
  });

  it('finds the deployments that use the Secret', () => {
    const template = (spec: unknown) => ({ spec });
    expect(usesSecret(template({ volumes: [{ name: 'v', secret: { secretName: 's' } }] }), 's')).toBe(true);
    expect(usesSecret(template({ volumes: [{ name: 'v', projected: { sources: [{ secret: { name: 's' } }] } }] }), 's')).toBe(true);
    expect(usesSecret(template({ containers: [{ name: 'c', envFrom: [{ secretRef: { name: 's' } }] }] }), 's')).toBe(true);
    expect(usesSecret(template({ initContainers: [{ name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] }), 's')).toBe(true);
    expect(usesSecret(template({ containers: [{ name: 'c', envFrom: [{ configMapRef: { name: 's' } }] }] }), 's')).toBe(false);
  });
});
