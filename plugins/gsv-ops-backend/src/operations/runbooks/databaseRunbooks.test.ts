import { ConflictError, InputError } from '@backstage/errors';
import { backendWrites, jane, startTestbed, useTestbed } from '../__testUtils__/testbed';

jest.setTimeout(60_000);

describe('database runbooks against the embedded cluster', () => {
  const bed = useTestbed();

  const get = (path: string) => bed.read(path);
  const cluster = (name: string) => get(`/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/${name}`);

  describe('database-backup', () => {
    it('creates a Backup as kubectl cnpg backup does and waits until it completed', async () => {
      const op = await bed.start('database-backup', { namespace: 'cmp', cluster: 'cmp-postgres' });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      const name = done.result?.backup as string;
      expect(name).toMatch(/^cmp-postgres-\d{14}-[b-z2-9]{5}$/);
      expect(done.result).toMatchObject({ phase: 'completed', method: 'plugin' });
      const backup = await get(`/apis/postgresql.cnpg.io/v1/namespaces/cmp/backups/${name}`);
      expect(backup.metadata.labels['cnpg.io/cluster']).toBe('cmp-postgres');
      expect(backup.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
      expect(backup.spec).toMatchObject({ cluster: { name: 'cmp-postgres' }, method: 'plugin', pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' } });
      expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}`)).toEqual(['create backups']);
    });

    it('fails honestly when the object store is broken, with the operator’s error', async () => {
      bed.dev.faults.breakObjectStore('cmp', 'cmp-postgres-store');
      try {
        const op = await bed.start('database-backup', { namespace: 'cmp', cluster: 'cmp-postgres' });
        const done = await bed.finished(op.id);
        expect(done.status).toBe('failed');
        expect(done.summary).toMatch(/^Failed: Backup cmp\/cmp-postgres-\d{14}-[b-z2-9]{5} failed: .*AccessDenied.*, then run the backup again/);
      } finally {
        bed.dev.faults.fixObjectStore('cmp', 'cmp-postgres-store');
      }
    });
  });

  describe('database-switchover', () => {
    it('refuses to promote the primary or something that is not a ready replica, before any write', async () => {
      const before = await cluster('cmp-postgres');
      await expect(
        bed.start('database-switchover', { namespace: 'cmp', cluster: 'cmp-postgres', targetInstance: before.status.currentPrimary }),
      ).rejects.toThrow(`${before.status.currentPrimary} is already the primary of cluster cmp/cmp-postgres`);
      await expect(bed.start('database-switchover', { namespace: 'cmp', cluster: 'cmp-postgres', targetInstance: '9' })).rejects.toThrow(
        /^cmp-postgres-9 is not a ready replica of cluster cmp\/cmp-postgres; ready replicas: cmp-postgres-\d/,
      );
      expect(backendWrites(bed.dev)).toEqual([]);
    });

    it('promotes a ready replica through the status subresource and waits for the new primary', async () => {
      const before = await cluster('cmp-postgres');
      const op = await bed.start('database-switchover', { namespace: 'cmp', cluster: 'cmp-postgres' });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      expect(done.result?.previousPrimary).toBe(before.status.currentPrimary);
      const after = await cluster('cmp-postgres');
      expect(after.status.currentPrimary).toBe(done.result?.newPrimary);
      expect(after.status.currentPrimary).not.toBe(before.status.currentPrimary);
      expect(done.result?.deploymentsChecked).toEqual(expect.arrayContaining(['cmp/agent-registry']));
      expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.subresource}`)).toEqual(['patch clusters/status']);
    });
  });

  describe('database-scale', () => {
    it('refuses more instances than the cap, and nothing reaches the cluster', async () => {
      await expect(bed.start('database-scale', { namespace: 'cmp', cluster: 'cmp-postgres', instances: 8 })).rejects.toThrow(
        '8 instances exceeds the cap of 5 for this environment',
      );
      expect(bed.dev.requestLog.count(e => e.user.includes('gsv-backstage') && e.name === 'cmp-postgres' && !e.watch)).toBe(0);
    });

    it('scales the instances and waits until all are ready', async () => {
      const op = await bed.start('database-scale', { namespace: 'cmp', cluster: 'cmp-postgres', instances: 4 });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ from: 3, to: 4, readyInstances: 4 });
      expect((await cluster('cmp-postgres')).metadata.annotations['gsv.io/operation-id']).toBe(op.id);
    });

    it('fails when something else changes the instances while it waits (a GitOps revert), naming the new value', async () => {
      // A cluster of its own whose pods take seconds to start, on a stopped clock: the new instance cannot become
      // ready, so the wait is still running when the revert lands.
      const slow = await startTestbed({ name: 'gsv-slow', timing: { podStartMs: 5_000, podReadyMs: 5_000 } });
      try {
        slow.dev.clock.setManual(true);
        const op = await slow.start('database-scale', { namespace: 'cmp', cluster: 'cmp-postgres', instances: 5 });
        for (let i = 0; i < 200; i++) {
          const running = await slow.engine.get(op.id, jane);
          if (running.steps.some(step => step.name === 'wait' && step.status === 'running')) break;
          await new Promise(r => setTimeout(r, 25));
        }
        await slow.admin.requestJson({
          method: 'PATCH',
          path: '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters/cmp-postgres',
          contentType: 'application/merge-patch+json',
          body: { spec: { instances: 3 } },
        });
        const done = await slow.finished(op.id);
        expect(done.status).toBe('failed');
        expect(done.summary).toBe(
          'Failed: Something else changed spec.instances of cmp/cmp-postgres to 3. The change was already applied (scale from 3 to 5 PostgreSQL instances): check Cluster cmp/cmp-postgres before running the runbook again.',
        );
      } finally {
        await slow.stop();
      }
    });
  });

  describe('database-restore', () => {
    it('refuses a target time outside the recoverability window, and writes nothing', async () => {
      const thirtyDaysAgo = new Date(bed.dev.clock.now() - 30 * 24 * 3600_000).toISOString();
      await expect(
        bed.start('database-restore', { namespace: 'cmp', sourceCluster: 'cmp-postgres', newClusterName: 'cmp-postgres-pitr', targetTime: thirtyDaysAgo }),
      ).rejects.toThrow(/is outside the recoverability window of cmp\/cmp-postgres \(.+ – now, from ObjectStore cmp-postgres-store\); choose a time inside it$/);
      await expect(
        bed.start('database-restore', { namespace: 'cmp', sourceCluster: 'cmp-postgres', newClusterName: 'cmp-postgres', targetTime: thirtyDaysAgo }),
      ).rejects.toBeInstanceOf(InputError);
      expect(backendWrites(bed.dev)).toEqual([]);
    });

    it('restores into a new cluster, never touching the source, and refuses the name next time', async () => {
      const sourceBefore = await cluster('cmp-postgres');
      const targetTime = new Date(bed.dev.clock.now() - 3600_000).toISOString();
      const op = await bed.start('database-restore', {
        namespace: 'cmp',
        sourceCluster: 'cmp-postgres',
        newClusterName: 'cmp-postgres-pitr',
        targetTime,
      });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      const restored = await cluster('cmp-postgres-pitr');
      expect(restored.spec.bootstrap.recovery).toEqual({ source: 'cmp-postgres', recoveryTarget: { targetTime: new Date(targetTime).toISOString() } });
      expect(restored.spec.plugins).toBeUndefined();
      expect(restored.status.phase).toBe('Cluster in healthy state');
      const writes = backendWrites(bed.dev);
      expect(writes.map(w => `${w.verb} ${w.resource}/${w.name ?? ''}`)).toEqual(['create clusters/']);
      const sourceAfter = await cluster('cmp-postgres');
      expect(sourceAfter.spec).toEqual(sourceBefore.spec);
      await expect(
        bed.start('database-restore', { namespace: 'cmp', sourceCluster: 'cmp-postgres', newClusterName: 'cmp-postgres-pitr', targetTime }),
      ).rejects.toThrow(new ConflictError('Cluster cmp/cmp-postgres-pitr already exists; choose another name (a restore never overwrites a cluster)'));
    });

    it('fails at its timeout when the recovery cannot read the object store, with the operator’s reason, source untouched', async () => {
      bed.dev.faults.breakObjectStore('cmp', 'cmp-postgres-store', 'AccessDenied: the credentials were revoked');
      try {
        const sourceBefore = await cluster('cmp-postgres');
        const op = await bed.start('database-restore', {
          namespace: 'cmp',
          sourceCluster: 'cmp-postgres',
          newClusterName: 'cmp-postgres-blocked',
          targetTime: new Date(bed.dev.clock.now() - 3600_000).toISOString(),
          timeoutSeconds: 30,
        });
        const done = await bed.finished(op.id, 45_000);
        expect(done.status).toBe('failed');
        expect(done.summary).toMatch(
          new RegExp(
            [
              '^Failed: Recovery of cluster cmp/cmp-postgres-blocked did not happen within 30 s; last seen: Setting up primary ',
              '\\(cannot read backups from object store cmp-postgres-store: AccessDenied: the credentials were revoked\\); ',
              '0/1 instances ready; .* The source cmp-postgres is untouched; delete cmp-postgres-blocked before trying again ',
              'with the same name\\. The change was already applied \\(create cluster cmp-postgres-blocked recovered from ',
              'cmp-postgres to .*\\): check Cluster cmp/cmp-postgres-blocked before running the runbook again\\.$',
            ].join(''),
          ),
        );
        expect((await cluster('cmp-postgres')).spec).toEqual(sourceBefore.spec);
      } finally {
        bed.dev.faults.fixObjectStore('cmp', 'cmp-postgres-store');
      }
    });
  });
});
