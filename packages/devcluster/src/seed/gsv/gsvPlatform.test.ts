import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { StoredObject } from '../../api/types';
import { useClusters } from '../../__testUtils__/cluster';
import { get } from '../../__testUtils__/http';
import { REPOSITORY_ROOT } from '../../rbac/loadRbacFiles';

jest.setTimeout(30_000);

interface CatalogEntity {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}

function catalogEntities(): CatalogEntity[] {
  const file = join(REPOSITORY_ROOT, 'catalog-info.yaml');
  if (!existsSync(file)) return [];
  return parseAllDocuments(readFileSync(file, 'utf8')).map(document => document.toJS() as CatalogEntity);
}

function refs(value: string | undefined): Array<{ namespace: string; name: string }> {
  return (value ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean)
    .map(item => {
      const [namespace, name] = item.split('/');
      return { namespace, name };
    });
}

describe('the GSV platform seed', () => {
  const start = useClusters();

  it('resolves every Kubernetes reference of the Backstage catalog', async () => {
    const cluster = await start();
    const entities = catalogEntities().filter(entity => entity.kind === 'Component' || entity.kind === 'Resource');
    expect(entities.map(entity => entity.metadata.name)).toEqual(expect.arrayContaining(['agent-registry', 'agent-registry-worker', 'keycloak', 'cmp-postgres']));
    const unresolved: string[] = [];
    const check = (found: unknown, what: string) => {
      if (!found) unresolved.push(what);
    };
    for (const entity of entities) {
      const annotations = entity.metadata.annotations ?? {};
      const id = annotations['backstage.io/kubernetes-id'];
      if (id) {
        const namespace = annotations['backstage.io/kubernetes-namespace'];
        const selector = `backstage.io/kubernetes-id=${id}`;
        check(cluster.store.list('deployments.apps', { namespace, labelSelector: selector }).length === 1, `one deployment for ${id}`);
        const pods = cluster.store.list('pods', { namespace, labelSelector: selector });
        check(pods.length > 0 && pods.every(pod => pod.metadata.labels?.['app.kubernetes.io/name']), `labelled pods for ${id}`);
      }
      for (const ref of refs(annotations['gsv.io/certificates'])) {
        check(cluster.store.get('certificates.cert-manager.io', ref.namespace, ref.name), `certificate ${ref.namespace}/${ref.name}`);
      }
      for (const ref of refs(annotations['gsv.io/external-secrets'])) {
        check(cluster.store.get('externalsecrets.external-secrets.io', ref.namespace, ref.name), `externalsecret ${ref.namespace}/${ref.name}`);
      }
      for (const ref of refs(annotations['gsv.io/cnpg-cluster'])) {
        check(cluster.store.get('clusters.postgresql.cnpg.io', ref.namespace, ref.name), `cnpg cluster ${ref.namespace}/${ref.name}`);
      }
      // one application or several, comma-separated (agent-registry: dev and its qa stage)
      for (const app of (annotations['argocd/app-name'] ?? '').split(',').map(name => name.trim()).filter(Boolean)) {
        check(cluster.store.get('applications.argoproj.io', annotations['argocd/app-namespace'] ?? 'argocd', app), `application ${app}`);
      }
      for (const worker of refs(annotations['gsv.io/worker-deployment'])) {
        check(cluster.store.get('deployments.apps', worker.namespace, worker.name), `worker deployment ${worker.name}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('labels workloads, pods, services, HPAs, PVCs, certificates and ExternalSecrets with the component id', async () => {
    const cluster = await start();
    const selector = 'backstage.io/kubernetes-id=agent-registry';
    for (const resource of ['deployments.apps', 'replicasets.apps', 'pods', 'services', 'horizontalpodautoscalers.autoscaling', 'persistentvolumeclaims', 'certificates.cert-manager.io', 'externalsecrets.external-secrets.io', 'ingresses.networking.k8s.io']) {
      expect(cluster.store.list(resource, { namespace: 'cmp', labelSelector: selector }).length).toBeGreaterThan(0);
    }
    expect(cluster.store.list('pods', { namespace: 'sso', labelSelector: 'backstage.io/kubernetes-id=keycloak' })).toHaveLength(2);
    expect(cluster.store.list('pods', { namespace: 'cmp', labelSelector: 'backstage.io/kubernetes-id=agent-registry-worker' })).toHaveLength(2);
  });

  it('models agent-registry as the ops guide describes it', async () => {
    const cluster = await start();
    const deployment = cluster.store.get('deployments.apps', 'cmp', 'agent-registry')!;
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    const container = deployment.spec.template.spec.containers[0];
    expect(container).toMatchObject({ name: 'agent-registry', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3' });
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    expect(deployment.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    const hpa = cluster.store.get('horizontalpodautoscalers.autoscaling', 'cmp', 'agent-registry')!;
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'agent-registry' } });
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry-worker')!.spec.replicas).toBe(2);
    expect(cluster.store.get('deployments.apps', 'traefik', 'traefik')).toBeDefined();
    expect(cluster.store.get('deployments.apps', 'argocd', 'argocd-server')).toBeDefined();
    expect(cluster.store.list('nodes')).toHaveLength(3);
    const namespaces = cluster.store.list('namespaces').map(namespace => namespace.metadata.name);
    expect(namespaces).toEqual(expect.arrayContaining(['cmp', 'sso', 'argocd', 'cert-manager', 'observability', 'vault', 'traefik', 'backstage']));
  });

  it('seeds the dev variant with things to fix', async () => {
    const cluster = await start();
    const now = cluster.clock.now();
    const cert = (namespace: string, name: string) => cluster.store.get('certificates.cert-manager.io', namespace, name)!;
    const ready = (object: StoredObject) => (object.status.conditions as Array<{ type: string; status: string }>).find(condition => condition.type === 'Ready')?.status;
    expect(ready(cert('cmp', 'agent-registry-tls'))).toBe('True');
    expect((Date.parse(cert('sso', 'keycloak-tls').status.notAfter) - now) / 86_400_000).toBeGreaterThan(4);
    expect((Date.parse(cert('sso', 'keycloak-tls').status.notAfter) - now) / 86_400_000).toBeLessThan(6);
    const wildcard = cert('cert-manager', 'wildcard-dev-tls');
    expect(ready(wildcard)).toBe('False');
    expect(wildcard.status.lastFailureTime).toBeTruthy();
    expect(wildcard.status.failedIssuanceAttempts).toBe(2);
    expect(cluster.store.list('certificaterequests.cert-manager.io', { namespace: 'cert-manager' }).some(request => request.status.failureTime)).toBe(true);
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'keycloak')!.status.sync.status).toBe('OutOfSync');
    expect(cluster.store.get('applications.argoproj.io', 'argocd', 'agent-registry')!.status).toMatchObject({ sync: { status: 'Synced' }, health: { status: 'Healthy' } });
    const usage = cluster.simulation.volumeUsage('cmp', 'cmp-postgres-1')!;
    expect(usage.usedBytes / usage.capacityBytes).toBeCloseTo(0.92, 2);
    const warnings = await get(cluster, '/api/v1/events?fieldSelector=type%3DWarning', { token: cluster.tokens.backend });
    expect(warnings.body.items.length).toBeGreaterThanOrEqual(4);
    // The backend's least-privilege RBAC reads core events only: the events.k8s.io view is checked as the admin.
    const warningsV1 = await get(cluster, '/apis/events.k8s.io/v1/events');
    const v1Warnings = warningsV1.body.items.filter((event: { type: string }) => event.type === 'Warning');
    expect(v1Warnings).toHaveLength(warnings.body.items.length);
    expect(v1Warnings[0]).toHaveProperty('regarding');
    expect(v1Warnings[0]).toHaveProperty('note');
    expect(cluster.store.get('ingresses.networking.k8s.io', 'cmp', 'agent-registry')!.spec.rules[0].host).toBe('agent-registry.dev.gsv.example');
  });

  it('seeds a healthy prod variant with prod hostnames', async () => {
    const cluster = await start({ name: 'prod' });
    expect(cluster.store.get('ingresses.networking.k8s.io', 'cmp', 'agent-registry')!.spec.rules[0].host).toBe('agent-registry.gsv.example');
    expect(cluster.store.list('nodes').map(node => node.metadata.name)).toEqual(['gsv-prod-control-plane', 'gsv-prod-worker', 'gsv-prod-worker2']);
    for (const cert of cluster.store.list('certificates.cert-manager.io')) {
      expect(cert.status.conditions.find((condition: { type: string }) => condition.type === 'Ready').status).toBe('True');
      expect((Date.parse(cert.status.notAfter) - cluster.clock.now()) / 86_400_000).toBeGreaterThan(30);
    }
    for (const app of cluster.store.list('applications.argoproj.io', { namespace: 'argocd' })) expect(app.status.sync.status).toBe('Synced');
    expect(cluster.store.list('backups.postgresql.cnpg.io', { namespace: 'cmp' }).every(backup => backup.status.phase === 'completed')).toBe(true);
    expect(cluster.store.list('events', { fieldSelector: 'type=Warning' })).toHaveLength(0);
    await cluster.clock.advance(3 * 3_600_000);
    expect(cluster.store.get('certificates.cert-manager.io', 'cert-manager', 'wildcard-dev-tls')!.status.revision).toBe(4);
    expect(cluster.controllerErrors).toEqual([]);
  });

  it('keeps a freshly seeded cluster stable: controllers change nothing at rest', async () => {
    const cluster = await start();
    const before = cluster.store.resourceVersion;
    await cluster.settle();
    expect(cluster.store.resourceVersion).toBe(before);
  });
});
