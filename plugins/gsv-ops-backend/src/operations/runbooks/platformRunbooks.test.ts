import { InputError } from '@backstage/errors';
import { backendWrites, useTestbed } from '../__testUtils__/testbed';

jest.setTimeout(60_000);

describe('certificate, secret, Argo CD and clean-up runbooks against the embedded cluster', () => {
  const bed = useTestbed();

  const get = (path: string) => bed.read(path);

  describe('certificate-renew', () => {
    it('dry run: the Issuing condition in the plan, no write', async () => {
      const op = await bed.start('certificate-renew', { namespace: 'cmp', certificate: 'agent-registry-tls' }, { dryRun: true });
      expect(op.status).toBe('succeeded');
      expect(op.steps.find(s => s.name === 'plan')?.detail?.diff).toContain('+      reason: ManuallyTriggered');
      expect(backendWrites(bed.dev)).toEqual([]);
    });

    it('renews as cmctl renew does and waits for the new revision to be Ready', async () => {
      const before = await get('/apis/cert-manager.io/v1/namespaces/cmp/certificates/agent-registry-tls');
      const op = await bed.start('certificate-renew', { namespace: 'cmp', certificate: 'agent-registry-tls' });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      expect(done.result?.revision).toBe((before.status.revision ?? 0) + 1);
      // One write, on the status subresource; the Certificate is never deleted.
      expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.subresource}`)).toEqual(['update certificates/status']);
    });

    it('fails honestly when the issuer is broken, and says what to fix', async () => {
      const op = await bed.start('certificate-renew', { namespace: 'cert-manager', certificate: 'wildcard-dev-tls' });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('failed');
      expect(done.summary).toMatch(/^Failed: Issuance of cert-manager\/wildcard-dev-tls failed: .+; cert-manager retries with exponential back-off/);
      expect(done.summary).toContain('ClusterIssuer letsencrypt-dns');
    });
  });

  describe('secret-rotate', () => {
    it('refreshes the ExternalSecret, waits for the sync, then restarts the entity’s consumers', async () => {
      const op = await bed.start('secret-rotate', { namespace: 'cmp', externalSecret: 'agent-registry-secrets', restartConsumers: true });
      const done = await bed.finished(op.id, 40_000);
      expect(done.status).toBe('succeeded');
      expect(done.result?.restarted).toEqual(expect.arrayContaining(['agent-registry']));
      const es = await get('/apis/external-secrets.io/v1/namespaces/cmp/externalsecrets/agent-registry-secrets');
      expect(es.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
      expect(es.metadata.annotations['force-sync']).toMatch(/^\d+$/);
      expect(done.result?.refreshTime).toBe(es.status.refreshTime);
      const writes = backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}`);
      expect(writes[0]).toBe('patch externalsecrets');
      expect(writes.slice(1).every(w => w === 'patch deployments')).toBe(true);
    });

    it('fails when the provider fails, and does not restart anything', async () => {
      bed.dev.faults.breakSecretStore('vault');
      try {
        const op = await bed.start('secret-rotate', { namespace: 'cmp', externalSecret: 'agent-registry-secrets', restartConsumers: true });
        const done = await bed.finished(op.id, 40_000);
        expect(done.status).toBe('failed');
        expect(done.summary).toMatch(/failed to sync: SecretSyncedError \(could not get secret data from provider\); check its SecretStore and the provider \(the Secret keeps its old value; consumers were not restarted\)/);
        expect(backendWrites(bed.dev).map(w => w.resource)).toEqual(['externalsecrets']);
      } finally {
        bed.dev.faults.fixSecretStore('vault');
      }
    });

    it('refuses an ExternalSecret whose refresh policy would ignore the request, before any write', async () => {
      await bed.admin.requestJson({
        method: 'PATCH',
        path: '/apis/external-secrets.io/v1/namespaces/cmp/externalsecrets/agent-registry-secrets',
        contentType: 'application/merge-patch+json',
        body: { spec: { refreshPolicy: 'CreatedOnce' } },
      });
      bed.dev.requestLog.clear();
      try {
        const error = await bed.start('secret-rotate', { namespace: 'cmp', externalSecret: 'agent-registry-secrets' }).catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(/has refreshPolicy CreatedOnce: the operator never refreshes it after the first sync/);
        expect(backendWrites(bed.dev)).toEqual([]);
      } finally {
        await bed.admin.requestJson({
          method: 'PATCH',
          path: '/apis/external-secrets.io/v1/namespaces/cmp/externalsecrets/agent-registry-secrets',
          contentType: 'application/merge-patch+json',
          body: { spec: { refreshPolicy: null } },
        });
      }
    });
  });

  describe('application-sync', () => {
    it('syncs an OutOfSync application through the operation field and waits for Synced/Healthy', async () => {
      // keycloak is not automated and has a pending Git change (a new image) in the dev cluster.
      const before = await get('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/keycloak');
      expect(before.status.sync.status).toBe('OutOfSync');
      const op = await bed.start('application-sync', { application: 'keycloak' }, { entityRef: 'component:default/keycloak' });
      const done = await bed.finished(op.id, 40_000);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ syncStatus: 'Synced', healthStatus: 'Healthy' });
      const app = await get('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/keycloak');
      expect(app.status.operationState.operation.initiatedBy.username).toBe('user:default/jane');
      expect(app.metadata.annotations['gsv.io/operation-id']).toBe(op.id);
      const keycloak = await get('/apis/apps/v1/namespaces/sso/deployments/keycloak');
      expect(keycloak.spec.template.spec.containers[0].image).toBe('quay.io/keycloak/keycloak:26.0.7');
      expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['patch applications/keycloak']);
    });
  });

  describe('workload-cleanup', () => {
    it('refuses more deletions than the cap, and nothing reaches the cluster', async () => {
      await expect(bed.start('workload-cleanup', { namespace: 'cmp', maxDeletions: 120 })).rejects.toThrow(
        'maxDeletions 120 exceeds the cap of 50 objects per clean-up in this environment',
      );
      expect(backendWrites(bed.dev)).toEqual([]);
    });

    it('deletes completed jobs and old zero-replica ReplicaSets, keeping the newest for rollbacks', async () => {
      const dry = await bed.start('workload-cleanup', { namespace: 'cmp', keepReplicaSets: 1, completedJobsOlderThanHours: 1 }, { dryRun: true });
      expect(dry.status).toBe('succeeded');
      const planned = (dry.result?.wouldDelete as string[]) ?? [];
      expect(planned.length).toBeGreaterThan(0);
      expect(backendWrites(bed.dev)).toEqual([]);

      const op = await bed.start('workload-cleanup', { namespace: 'cmp', keepReplicaSets: 1, completedJobsOlderThanHours: 1 });
      const done = await bed.finished(op.id);
      expect(done.status).toBe('succeeded');
      expect(done.result?.deleted).toEqual(planned);
      const deletes = backendWrites(bed.dev).filter(w => w.verb === 'delete');
      expect(deletes).toHaveLength(planned.length);
      // The current ReplicaSet of every deployment is still there.
      const deployments = await get('/apis/apps/v1/namespaces/cmp/deployments');
      const replicaSets = await get('/apis/apps/v1/namespaces/cmp/replicasets');
      for (const d of deployments.items) {
        const revision = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
        expect(replicaSets.items.some((rs: any) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === revision && rs.metadata.ownerReferences?.[0]?.name === d.metadata.name)).toBe(true);
      }
    });
  });
});
