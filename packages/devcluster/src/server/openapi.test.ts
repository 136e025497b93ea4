import { useClusters } from '../__testUtils__/cluster';
import { call, get } from '../__testUtils__/http';

describe('OpenAPI documents and CustomResourceDefinitions', () => {
  const start = useClusters();

  it('publishes the schemas of each group version, tagged with their kinds', async () => {
    const cluster = await start({ seed: 'empty' });
    const root = await get(cluster, '/openapi/v3');
    expect(root.body.paths['apis/apps/v1'].serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{32}$/);
    const apps = (await get(cluster, '/openapi/v3/apis/apps/v1')).body.components.schemas;
    expect(apps['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    expect(apps['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas).toMatchObject({ type: 'integer', format: 'int32' });
    expect(apps['io.k8s.api.core.v1.PodSpec'].properties.containers.items.$ref).toBe('#/components/schemas/io.k8s.api.core.v1.Container');
    const certManager = (await get(cluster, '/openapi/v3/apis/cert-manager.io/v1')).body.components.schemas;
    const certificate = certManager['io.cert-manager.v1.Certificate'];
    expect(certificate['x-kubernetes-group-version-kind']).toEqual([{ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' }]);
    expect(certificate.properties.metadata.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    expect(certManager['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(certificate.properties.spec.required).toEqual(expect.arrayContaining(['issuerRef', 'secretName']));
  });

  it('serves the Swagger 2.0 document as JSON and refuses to answer in protobuf only', async () => {
    const cluster = await start({ seed: 'empty' });
    const v2 = await get(cluster, '/openapi/v2');
    expect(v2.body.swagger).toBe('2.0');
    expect(v2.body.definitions['io.k8s.api.core.v1.PodSpec'].properties.volumes.items.$ref).toBe('#/definitions/io.k8s.api.core.v1.Volume');
    expect(v2.body.definitions['io.argoproj.v1alpha1.Application']).toBeDefined();
    const protobufOnly = await get(cluster, '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(protobufOnly.status).toBe(406);
  });

  it('lists the CRDs of the emulated operators, read-only', async () => {
    const cluster = await start({ seed: 'empty' });
    const crds = await get(cluster, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    expect(crds.body.items.map((crd: { metadata: { name: string } }) => crd.metadata.name)).toEqual([
      'applications.argoproj.io', 'backups.postgresql.cnpg.io', 'certificaterequests.cert-manager.io', 'certificates.cert-manager.io',
      'clusterissuers.cert-manager.io', 'clusters.postgresql.cnpg.io', 'clustersecretstores.external-secrets.io',
      'externalsecrets.external-secrets.io', 'issuers.cert-manager.io', 'objectstores.barmancloud.cnpg.io',
      'poolers.postgresql.cnpg.io', 'prometheusrules.monitoring.coreos.com', 'scheduledbackups.postgresql.cnpg.io', 'secretstores.external-secrets.io',
      'vulnerabilityreports.aquasecurity.github.io',
    ]);
    const clusters = (await get(cluster, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/clusters.postgresql.cnpg.io')).body;
    expect(clusters.spec).toMatchObject({ group: 'postgresql.cnpg.io', scope: 'Namespaced', names: { kind: 'Cluster', listKind: 'ClusterList' } });
    expect(clusters.spec.versions[0].subresources).toEqual({ status: {}, scale: { specReplicasPath: '.spec.instances', statusReplicasPath: '.status.instances' } });
    expect(clusters.spec.versions[0].additionalPrinterColumns.map((column: { name: string }) => column.name)).toEqual(['Age', 'Instances', 'Ready', 'Status', 'Primary']);
    expect(clusters.status.conditions.find((condition: { type: string }) => condition.type === 'Established').status).toBe('True');
    const created = await call(cluster, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: { ...clusters, metadata: { name: 'widgets.example.com' } } });
    expect(created.status).toBe(405);
  });
});
