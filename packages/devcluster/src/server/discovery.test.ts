import { useClusters } from '../__testUtils__/cluster';
import { call, get } from '../__testUtils__/http';

jest.setTimeout(20_000);

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('discovery and server-side printing', () => {
  const start = useClusters();

  it('serves /version, /api, /apis and APIResourceLists with verbs, scope, kinds and subresources', async () => {
    const cluster = await start({ seed: 'empty' });
    expect((await get(cluster, '/version')).body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0' });
    const api = await get(cluster, '/api');
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const core = await get(cluster, '/api/v1');
    const pods = core.body.resources.find((resource: { name: string }) => resource.name === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'] });
    expect(pods.verbs).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    expect(core.body.resources.find((resource: { name: string }) => resource.name === 'pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(core.body.resources.find((resource: { name: string }) => resource.name === 'nodes/proxy')).toBeDefined();
    const groups = (await get(cluster, '/apis')).body.groups.map((group: { name: string }) => group.name);
    for (const group of ['apps', 'autoscaling', 'batch', 'networking.k8s.io', 'coordination.k8s.io', 'events.k8s.io', 'authorization.k8s.io', 'rbac.authorization.k8s.io', 'metrics.k8s.io', 'cert-manager.io', 'postgresql.cnpg.io', 'barmancloud.cnpg.io', 'argoproj.io', 'external-secrets.io']) {
      expect(groups).toContain(group);
    }
    const apps = await get(cluster, '/apis/apps/v1');
    expect(apps.body.resources.find((resource: { name: string }) => resource.name === 'deployments/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    expect(apps.body.resources.find((resource: { name: string }) => resource.name === 'deployments/status')).toMatchObject({ kind: 'Deployment' });
    const cnpg = await get(cluster, '/apis/postgresql.cnpg.io/v1');
    expect(cnpg.body.resources.find((resource: { name: string }) => resource.name === 'clusters/status')).toBeDefined();
    const ssar = (await get(cluster, '/apis/authorization.k8s.io/v1')).body.resources.find((resource: { name: string }) => resource.name === 'selfsubjectaccessreviews');
    expect(ssar).toMatchObject({ namespaced: false, verbs: ['create'] });
    expect((await get(cluster, '/apis/apps')).body).toMatchObject({ kind: 'APIGroup', name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } });
    expect((await get(cluster, '/apis/nothing.example/v1')).status).toBe(404);
    expect((await get(cluster, '/healthz')).text).toBe('ok');
    const openapi = await get(cluster, '/openapi/v3');
    expect(openapi.body.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const appsDocument = await get(cluster, '/openapi/v3/apis/apps/v1');
    const patch = appsDocument.body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((parameter: { name: string }) => parameter.name)).toContain('fieldValidation');
  });

  it('prints pods, deployments and events with the columns kubectl shows', async () => {
    const cluster = await start();
    const pods = await get(cluster, '/api/v1/namespaces/cmp/pods?labelSelector=app%3Dagent-registry', { accept: TABLE });
    expect(pods.body.kind).toBe('Table');
    expect(pods.body.columnDefinitions.map((column: { name: string; priority: number }) => `${column.name}:${column.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
    expect(pods.body.rows).toHaveLength(3);
    expect(pods.body.rows[0].cells.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    expect(pods.body.rows[0].cells[4]).toMatch(/^(3d|2d23h)$/);
    expect(pods.body.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    const withObject = await get(cluster, '/api/v1/namespaces/cmp/pods?includeObject=Object&limit=1', { accept: TABLE });
    expect(withObject.body.rows[0].object.kind).toBe('Pod');

    const deployments = await get(cluster, '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', { accept: TABLE });
    expect(deployments.body.columnDefinitions.map((column: { name: string }) => column.name)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    expect(deployments.body.rows[0].cells.slice(0, 5)).toEqual(['agent-registry', '3/3', 3, 3, '45d']);

    const warnings = await get(cluster, '/api/v1/events?fieldSelector=type%3DWarning', { accept: TABLE });
    expect(warnings.body.columnDefinitions.slice(0, 4).map((column: { name: string }) => column.name)).toEqual(['Last Seen', 'Type', 'Reason', 'Object']);
    expect(warnings.body.rows.length).toBeGreaterThanOrEqual(4);
    expect(warnings.body.rows.every((row: { cells: unknown[] }) => row.cells[1] === 'Warning')).toBe(true);

    const eventsV1 = await get(cluster, '/apis/events.k8s.io/v1/namespaces/cmp/events', { accept: TABLE });
    expect(eventsV1.body.columnDefinitions).toHaveLength(eventsV1.body.rows[0].cells.length);
  });

  it('prints CRDs with their printer columns and ages', async () => {
    const cluster = await start();
    const certificates = await get(cluster, '/apis/cert-manager.io/v1/certificates', { accept: TABLE });
    expect(certificates.body.columnDefinitions.map((column: { name: string }) => column.name)).toEqual(['Name', 'Ready', 'Secret', 'Issuer', 'Status', 'Expiration', 'Age']);
    const wildcard = certificates.body.rows.find((row: { cells: string[] }) => row.cells[0] === 'wildcard-dev-tls');
    expect(wildcard.cells.slice(0, 4)).toEqual(['wildcard-dev-tls', 'False', 'wildcard-dev-tls', 'letsencrypt-dns']);
    expect(wildcard.cells[6]).toBe('300d');
    const clusters = await get(cluster, '/apis/postgresql.cnpg.io/v1/namespaces/cmp/clusters', { accept: TABLE });
    expect(clusters.body.rows[0].cells).toEqual(['cmp-postgres', '60d', 3, 3, 'Cluster in healthy state', 'cmp-postgres-1']);
    const applications = await get(cluster, '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications', { accept: TABLE });
    const keycloak = applications.body.rows.find((row: { cells: string[] }) => row.cells[0] === 'keycloak');
    expect(keycloak.cells.slice(0, 3)).toEqual(['keycloak', 'OutOfSync', 'Healthy']);
  });

  it('refuses clients that accept neither JSON nor Tables', async () => {
    const cluster = await start({ seed: 'empty' });
    const response = await call(cluster, 'GET', '/api/v1/namespaces', { accept: 'application/vnd.kubernetes.protobuf' });
    expect(response.status).toBe(406);
  });
});
