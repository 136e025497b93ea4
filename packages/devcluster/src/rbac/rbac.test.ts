import { useClusters } from '../__testUtils__/cluster';
import { call, get } from '../__testUtils__/http';

jest.setTimeout(20_000);

describe('RBAC', () => {
  const start = useClusters();

  it('authorises the backend service account only by the suite RBAC from deploy/', async () => {
    const cluster = await start();
    const backend = cluster.tokens.backend;
    expect((await get(cluster, '/api/v1/namespaces/cmp/pods', { token: backend })).status).toBe(200);
    expect((await get(cluster, '/apis/cert-manager.io/v1/certificates', { token: backend })).status).toBe(200);
    expect((await get(cluster, '/api/v1/nodes/gsv-dev-worker/proxy/stats/summary', { token: backend })).status).toBe(200);
    const secrets = await get(cluster, '/api/v1/namespaces/cmp/secrets', { token: backend });
    expect(secrets.status).toBe(403);
    expect(secrets.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
      message: 'secrets is forbidden: User "system:serviceaccount:backstage:gsv-backstage" cannot list resource "secrets" in API group "" in the namespace "cmp"',
      details: { kind: 'secrets' },
    });
    const secret = await get(cluster, '/api/v1/namespaces/cmp/secrets/agent-registry-secrets', { token: backend });
    expect(secret.body.message).toBe(
      'secrets "agent-registry-secrets" is forbidden: User "system:serviceaccount:backstage:gsv-backstage" cannot get resource "secrets" in API group "" in the namespace "cmp"',
    );
    const scaleWrite = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry/scale', {
      token: backend,
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 4 } },
    });
    expect(scaleWrite.status).toBe(200);
    const deleteDeployment = await call(cluster, 'DELETE', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', { token: backend });
    expect(deleteDeployment.status).toBe(403);
    expect(deleteDeployment.body.message).toBe(
      'deployments.apps "agent-registry" is forbidden: User "system:serviceaccount:backstage:gsv-backstage" cannot delete resource "deployments" in API group "apps" in the namespace "cmp"',
    );
    const clusterScoped = await call(cluster, 'POST', '/api/v1/namespaces', { token: backend, body: { metadata: { name: 'x' } } });
    expect(clusterScoped.body.message).toBe('namespaces is forbidden: User "system:serviceaccount:backstage:gsv-backstage" cannot create resource "namespaces" in API group "" at the cluster scope');
    expect(cluster.store.get('deployments.apps', 'cmp', 'agent-registry')).toBeDefined();
  });

  it('gives the viewer read access without secrets and without writes', async () => {
    const cluster = await start();
    const viewer = cluster.tokens.viewer;
    expect((await get(cluster, '/apis/apps/v1/namespaces/cmp/deployments', { token: viewer })).status).toBe(200);
    expect((await get(cluster, '/api/v1/namespaces/cmp/secrets', { token: viewer })).status).toBe(403);
    const patch = await call(cluster, 'PATCH', '/apis/apps/v1/namespaces/cmp/deployments/agent-registry', {
      token: viewer,
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 1 } },
    });
    expect(patch.status).toBe(403);
    expect(patch.body.message).toBe(
      'deployments.apps "agent-registry" is forbidden: User "gsv-viewer" cannot patch resource "deployments" in API group "apps" in the namespace "cmp"',
    );
    expect(cluster.requestLog.count({ user: 'gsv-viewer', status: 403 })).toBe(2);
  });

  it('answers SelfSubjectAccessReview and SubjectAccessReview like the API server', async () => {
    const cluster = await start();
    const review = (attributes: Record<string, string>, token = cluster.tokens.backend) =>
      call(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token,
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } },
      });
    const allowed = await review({ namespace: 'cmp', verb: 'patch', group: 'apps', resource: 'deployments' });
    expect(allowed.status).toBe(201);
    expect(allowed.body.status).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "gsv-ops-write" of ClusterRole "gsv-ops-write" to ServiceAccount "gsv-backstage/backstage"',
    });
    const denied = await review({ namespace: 'cmp', verb: 'get', group: '', resource: 'secrets' });
    expect(denied.body.status.allowed).toBe(false);
    const statusPatch = await review({ namespace: 'cmp', verb: 'patch', group: 'postgresql.cnpg.io', resource: 'clusters', subresource: 'status' });
    expect(statusPatch.body.status.allowed).toBe(true);
    const sar = await call(cluster, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: { user: 'system:serviceaccount:backstage:gsv-backstage', groups: ['system:serviceaccounts'], resourceAttributes: { verb: 'update', group: 'cert-manager.io', resource: 'certificates', subresource: 'status', namespace: 'sso' } },
      },
    });
    expect(sar.body.status.allowed).toBe(true);
    const backendSar = await call(cluster, 'POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { token: cluster.tokens.backend, body: { spec: { user: 'x', resourceAttributes: { verb: 'get', resource: 'pods' } } } });
    expect(backendSar.status).toBe(403);
    const empty = await call(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: cluster.tokens.backend, body: { spec: {} } });
    expect(empty.status).toBe(422);
  });

  it('applies roles and bindings created through the API at once, namespaced or cluster-wide', async () => {
    const cluster = await start();
    const token = cluster.issueToken({ username: 'system:serviceaccount:cmp:deployer', groups: ['system:serviceaccounts', 'system:serviceaccounts:cmp'] });
    expect((await get(cluster, '/api/v1/namespaces/cmp/configmaps', { token })).status).toBe(403);
    await call(cluster, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/cmp/roles', {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'], resourceNames: [] }] },
    });
    await call(cluster, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/cmp/rolebindings', {
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'deployer-cm' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'cmp' }],
      },
    });
    expect((await get(cluster, '/api/v1/namespaces/cmp/configmaps', { token })).status).toBe(200);
    expect((await get(cluster, '/api/v1/namespaces/sso/configmaps', { token })).status).toBe(403);
    await call(cluster, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/cmp/roles', {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'one-secret' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['agent-registry-tls'] }] },
    });
    await call(cluster, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/cmp/rolebindings', {
      body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'one-secret' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'one-secret' }, subjects: [{ kind: 'ServiceAccount', name: 'deployer' }] },
    });
    expect((await get(cluster, '/api/v1/namespaces/cmp/secrets/agent-registry-tls', { token })).status).toBe(200);
    expect((await get(cluster, '/api/v1/namespaces/cmp/secrets/agent-registry-secrets', { token })).status).toBe(403);
    expect((await get(cluster, '/api/v1/namespaces/cmp/secrets', { token })).status).toBe(403);
  });

  it('lets discovery through for every authenticated user and supports impersonation for admins only', async () => {
    const cluster = await start();
    expect((await get(cluster, '/apis', { token: cluster.tokens.viewer })).status).toBe(200);
    expect((await get(cluster, '/version', { token: cluster.tokens.backend })).status).toBe(200);
    const impersonated = await get(cluster, '/api/v1/namespaces/cmp/secrets', {
      headers: { 'Impersonate-User': 'system:serviceaccount:backstage:gsv-backstage' },
    });
    expect(impersonated.status).toBe(403);
    expect(impersonated.body.message).toContain('User "system:serviceaccount:backstage:gsv-backstage" cannot list resource "secrets"');
    const notAllowed = await get(cluster, '/api/v1/namespaces/cmp/pods', { token: cluster.tokens.viewer, headers: { 'Impersonate-User': 'kubernetes-admin' } });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.message).toContain('cannot impersonate resource "users"');
  });

  it('lists rules for `kubectl auth can-i --list` and answers whoami', async () => {
    const cluster = await start();
    const rules = await call(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      token: cluster.tokens.backend,
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'cmp' } },
    });
    expect(rules.status).toBe(201);
    expect(rules.body.status.resourceRules).toContainEqual({ verbs: ['patch'], apiGroups: ['postgresql.cnpg.io'], resources: ['clusters/status'] });
    expect(rules.body.status.nonResourceRules.length).toBeGreaterThan(0);
    const whoami = await call(cluster, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { token: cluster.tokens.backend, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(whoami.body.status.userInfo.username).toBe('system:serviceaccount:backstage:gsv-backstage');
  });
});
