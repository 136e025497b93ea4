import type { StoredObject } from '../api/types';
import { base64, fakePem } from '../controllers/certManager/fakePem';
import { ownerReference } from '../controllers/helpers';
import { bootstrapJob, clusterServices, HEALTHY_PHASE, instancePod, PLUGIN_NAME } from '../controllers/cnpg/cnpgObjects';
import { resourceVersionOf } from '../controllers/ExternalSecretController';
import { issuerKey } from '../faults/FaultInjector';
import { safeHash } from '../api/names';
import { DAY, gitSha, HOUR, MINUTE, Seeder, type WorkloadInput } from './Seeder';

/**
 * The GSV platform of the day-2 operations guide, as a cluster in a realistic state. Names, namespaces and labels
 * match the Backstage catalog (catalog-info.yaml): objects of a component carry
 * `backstage.io/kubernetes-id=<component>`; the catalog's annotations point at `cmp/cmp-postgres`,
 * `argocd/agent-registry`, `cmp/agent-registry-tls`, `cert-manager/wildcard-dev-tls`, `cmp/agent-registry-secrets`.
 *
 * The `dev` variant has things to fix: a wildcard certificate failing to renew (broken DNS-01 issuer), keycloak-tls
 * expiring in five days, a failed nightly backup, a database volume at 92%, keycloak OutOfSync in Argo CD and a few
 * warning events. The `prod` variant runs the same services on prod hostnames, healthy.
 */

export interface PlatformOptions {
  environment: 'dev' | 'prod';
}

const PART_OF = { 'app.kubernetes.io/part-of': 'gsv-platform' };
const REPO = 'https://github.com/digitlify-inc/gsv-platform.git';

function componentLabels(component: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'app.kubernetes.io/name': component,
    app: component,
    'backstage.io/kubernetes-id': component,
    ...PART_OF,
    ...extra,
  };
}

function systemLabels(name: string, instance?: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, ...(instance ? { 'app.kubernetes.io/instance': instance } : {}) };
}

export function seedGsvPlatform(seeder: Seeder, options: PlatformOptions): void {
  const env = options.environment;
  const dev = env === 'dev';
  const domain = dev ? 'dev.gsv.example' : 'gsv.example';
  const now = seeder.now;

  for (const [name, labels] of [
    ['cmp', { ...PART_OF, 'gsv.io/environment': env }],
    ['sso', { ...PART_OF, 'gsv.io/environment': env }],
    ['argocd', {}],
    ['cert-manager', {}],
    ['observability', {}],
    ['vault', {}],
    ['traefik', {}],
    ['backstage', { 'app.kubernetes.io/part-of': 'gsv-backstage' }],
    ['cnpg-system', {}],
    ['external-secrets', {}],
    ['local-path-storage', {}],
  ] as Array<[string, Record<string, string>]>) {
    if (!seeder.api.store.get('/namespaces', '', name)) seeder.namespace(name, labels, 60 * DAY);
  }

  seedSystemWorkloads(seeder);
  const issuers = seedCertManager(seeder, dev, domain);
  seedExternalSecretsOperator(seeder);
  seedTraefik(seeder, dev);
  seedObservability(seeder);
  seedVault(seeder);
  const registry = seedAgentRegistry(seeder, dev, domain);
  const keycloak = seedKeycloak(seeder, dev, domain);
  const database = seedDatabase(seeder, dev, now);
  seedCertificates(seeder, dev, domain, issuers);
  seedArgoCd(seeder, dev, domain);
  seedWarnings(seeder, dev, registry.worker, keycloak.pods, database);

  seeder.simulation.setLoad('cmp/agent-registry', 1.86);
  seeder.simulation.setLoad('cmp/agent-registry-worker', 0.9);
  seeder.simulation.setLoad('sso/keycloak', 0.5);
  seeder.simulation.queueInflow.set('cmp/agent-registry-worker', 40);
}

// -----------------------------------------------------------------------------------------------------------------

function seedSystemWorkloads(seeder: Seeder): void {
  const age = 90 * DAY;
  seeder.deployment({
    namespace: 'kube-system',
    name: 'coredns',
    labels: { 'k8s-app': 'kube-dns' },
    selector: { 'k8s-app': 'kube-dns' },
    replicas: 2,
    createdAgo: age,
    containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', args: ['-conf', '/etc/coredns/Corefile'], ports: [{ name: 'dns', containerPort: 53 }], resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } } }],
  });
  seeder.service('kube-system', 'kube-dns', { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'CoreDNS' }, { 'k8s-app': 'kube-dns' }, [{ name: 'dns', port: 53, targetPort: 53 }], { clusterIP: '10.96.0.10' }, age);
  seeder.deployment({
    namespace: 'kube-system',
    name: 'metrics-server',
    labels: { 'k8s-app': 'metrics-server' },
    selector: { 'k8s-app': 'metrics-server' },
    replicas: 1,
    createdAgo: age,
    containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', resources: { requests: { cpu: '100m', memory: '200Mi' } } }],
  });
  daemonSet(seeder, { namespace: 'kube-system', name: 'kube-proxy', labels: { 'k8s-app': 'kube-proxy' }, selector: { 'k8s-app': 'kube-proxy' }, replicas: 0, createdAgo: age, tolerateAll: true, containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.0' }] });
  seeder.deployment({
    namespace: 'local-path-storage',
    name: 'local-path-provisioner',
    labels: { app: 'local-path-provisioner' },
    selector: { app: 'local-path-provisioner' },
    replicas: 1,
    createdAgo: age,
    containers: [{ name: 'local-path-provisioner', image: 'docker.io/rancher/local-path-provisioner:v0.0.30' }],
  });
  seeder.deployment({
    namespace: 'cnpg-system',
    name: 'cnpg-controller-manager',
    labels: systemLabels('cloudnative-pg', 'cnpg'),
    selector: systemLabels('cloudnative-pg', 'cnpg'),
    replicas: 1,
    createdAgo: 60 * DAY,
    containers: [{ name: 'manager', image: 'ghcr.io/cloudnative-pg/cloudnative-pg:1.25.1', ports: [{ name: 'metrics', containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '200Mi' } } }],
  });
  seeder.deployment({
    namespace: 'cnpg-system',
    name: 'barman-cloud',
    labels: systemLabels('barman-cloud', 'barman-cloud'),
    selector: systemLabels('barman-cloud', 'barman-cloud'),
    replicas: 1,
    createdAgo: 60 * DAY,
    containers: [{ name: 'barman-cloud', image: 'ghcr.io/cloudnative-pg/plugin-barman-cloud:v0.3.0' }],
  });
}

/** A DaemonSet with one running pod per node. */
function daemonSet(seeder: Seeder, input: WorkloadInput): StoredObject {
  const ds = seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
      spec: { selector: { matchLabels: input.selector }, template: seeder.template(input) },
    },
    input.createdAgo,
  );
  const revisionHash = hashOfTemplate(ds);
  seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `${input.name}-${revisionHash}`, namespace: input.namespace, labels: { ...input.labels, 'controller.kubernetes.io/hash': revisionHash }, ownerReferences: [ownerReference(ds)] },
      data: { spec: { template: ds.spec.template } },
      revision: 1,
    },
    input.createdAgo,
  );
  for (const node of seeder.api.store.list('/nodes')) {
    seeder.runningPod(ds, `${input.name}-${safeSuffix(`${input.name}/${node.metadata.name}`)}`, input, input.createdAgo - MINUTE, 0, {
      nodeName: node.metadata.name,
      labels: { 'controller-revision-hash': revisionHash, 'pod-template-generation': '1' },
    });
  }
  return ds;
}

/** A StatefulSet with its pods and volume claims. */
function statefulSet(seeder: Seeder, input: WorkloadInput, claim?: { name: string; size: string; usedFraction: number; growthPerDay?: number }): StoredObject {
  const sts = seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
      spec: {
        replicas: input.replicas,
        serviceName: input.name,
        selector: { matchLabels: input.selector },
        template: seeder.template(input),
        ...(claim
          ? { volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim.name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: claim.size } } } }] }
          : {}),
      },
    },
    input.createdAgo,
  );
  const revisionHash = hashOfTemplate(sts);
  seeder.create(
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: `${input.name}-${revisionHash}`, namespace: input.namespace, labels: { ...input.labels, 'controller.kubernetes.io/hash': revisionHash }, ownerReferences: [ownerReference(sts)] },
      data: { spec: { template: sts.spec.template } },
      revision: 1,
    },
    input.createdAgo,
  );
  for (let ordinal = 0; ordinal < input.replicas; ordinal++) {
    const podName = `${input.name}-${ordinal}`;
    if (claim) seeder.pvc(input.namespace, `${claim.name}-${podName}`, { size: claim.size, usedFraction: claim.usedFraction, growthPerDay: claim.growthPerDay, labels: input.selector, createdAgo: input.createdAgo });
    seeder.runningPod(sts, podName, input, input.createdAgo - MINUTE * (ordinal + 1), 0, {
      labels: { 'controller-revision-hash': `${input.name}-${revisionHash}`, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(ordinal) },
      spec: {
        hostname: podName,
        subdomain: input.name,
        volumes: [...((sts.spec.template.spec.volumes as unknown[]) ?? []), ...(claim ? [{ name: claim.name, persistentVolumeClaim: { claimName: `${claim.name}-${podName}` } }] : [])],
      },
    });
  }
  return sts;
}

/** The ControllerRevision hash the StatefulSet/DaemonSet controllers compute for the template. */
function hashOfTemplate(owner: StoredObject): string {
  return safeHash(owner.spec.template);
}

function safeSuffix(seed: string, length = 5): string {
  // Same alphabet as generated names.
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let hash = 2166136261;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const char of `${seed}/${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    out += alphabet[hash % alphabet.length];
  }
  return out;
}

// -----------------------------------------------------------------------------------------------------------------

interface IssuerRefs {
  production: { name: string; kind: string; group: string };
  dns: { name: string; kind: string; group: string };
}

function seedCertManager(seeder: Seeder, dev: boolean, domain: string): IssuerRefs {
  for (const name of ['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook']) {
    seeder.deployment({
      namespace: 'cert-manager',
      name,
      labels: { ...systemLabels(name.replace('cert-manager-', '') === name ? 'cert-manager' : name.replace('cert-manager-', ''), 'cert-manager'), 'app.kubernetes.io/component': name === 'cert-manager' ? 'controller' : name.replace('cert-manager-', '') },
      selector: { 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': name === 'cert-manager' ? 'controller' : name.replace('cert-manager-', '') },
      replicas: 1,
      createdAgo: 120 * DAY,
      containers: [{ name: name.replace('cert-manager-', ''), image: `quay.io/jetstack/${name === 'cert-manager' ? 'cert-manager-controller' : name}:v1.16.2`, resources: { requests: { cpu: '10m', memory: '32Mi' } } }],
    });
  }
  const issuerStatus = (reason: string, message: string) => ({
    conditions: [{ type: 'Ready', status: 'True', reason, message, lastTransitionTime: seeder.ago(120 * DAY), observedGeneration: 1 }],
    acme: { uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/1958412345', lastRegisteredEmail: 'platform@gsv.example' },
  });
  seeder.create(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt-prod' },
      spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', email: 'platform@gsv.example', privateKeySecretRef: { name: 'letsencrypt-prod-account' }, solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }] } },
      status: issuerStatus('ACMEAccountRegistered', 'The ACME account was registered with the ACME server'),
    },
    120 * DAY,
  );
  seeder.create(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt-dns' },
      spec: {
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          email: 'platform@gsv.example',
          privateKeySecretRef: { name: 'letsencrypt-dns-account' },
          solvers: [{ dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } }, selector: { dnsZones: [domain] } }],
        },
      },
      status: issuerStatus('ACMEAccountRegistered', 'The ACME account was registered with the ACME server'),
    },
    120 * DAY,
  );
  seeder.create(
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: { name: 'gsv-internal-ca', namespace: 'cert-manager' },
      spec: { ca: { secretName: 'gsv-internal-ca' } },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KeyPairVerified', message: 'Signing CA verified', lastTransitionTime: seeder.ago(120 * DAY), observedGeneration: 1 }] },
    },
    120 * DAY,
  );
  seeder.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cloudflare-api-token', namespace: 'cert-manager' }, type: 'Opaque', data: { 'api-token': base64('revoked-token') } }, 120 * DAY);
  if (dev) {
    seeder.simulation.breakIssuer(
      issuerKey('letsencrypt-dns'),
      `DNS-01 challenge for "*.${domain}" failed: Cloudflare API error for zone "${domain}": Invalid access token (9109)`,
    );
  }
  return {
    production: { name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    dns: { name: 'letsencrypt-dns', kind: 'ClusterIssuer', group: 'cert-manager.io' },
  };
}

function seedExternalSecretsOperator(seeder: Seeder): void {
  seeder.deployment({
    namespace: 'external-secrets',
    name: 'external-secrets',
    labels: systemLabels('external-secrets', 'external-secrets'),
    selector: systemLabels('external-secrets', 'external-secrets'),
    replicas: 1,
    createdAgo: 90 * DAY,
    containers: [{ name: 'external-secrets', image: 'oci.external-secrets.io/external-secrets/external-secrets:v0.16.2', resources: { requests: { cpu: '10m', memory: '64Mi' } } }],
  });
  seeder.create(
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'vault' },
      spec: {
        provider: {
          vault: {
            server: 'http://vault.vault.svc:8200',
            path: 'secret',
            version: 'v2',
            auth: { kubernetes: { mountPath: 'kubernetes', role: 'external-secrets', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
          },
        },
      },
      status: {
        capabilities: 'ReadWrite',
        conditions: [{ type: 'Ready', status: 'True', reason: 'Valid', message: 'store validated', lastTransitionTime: seeder.ago(90 * DAY) }],
      },
    },
    90 * DAY,
  );
}

function seedTraefik(seeder: Seeder, dev: boolean): void {
  const labels = systemLabels('traefik', 'traefik-traefik');
  seeder.deployment({
    namespace: 'traefik',
    name: 'traefik',
    labels,
    selector: labels,
    replicas: 2,
    createdAgo: 120 * DAY,
    rolledOutAgo: 20 * DAY,
    history: [{ image: 'docker.io/traefik:v3.1.6', rolledOutAgo: 120 * DAY }],
    containers: [
      {
        name: 'traefik',
        image: 'docker.io/traefik:v3.2.1',
        args: ['--entryPoints.web.address=:8000/tcp', '--entryPoints.websecure.address=:8443/tcp', '--providers.kubernetesingress'],
        ports: [{ name: 'web', containerPort: 8000 }, { name: 'websecure', containerPort: 8443 }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { httpGet: { path: '/ping', port: 9000 }, initialDelaySeconds: 2, periodSeconds: 10 },
      },
    ],
  });
  const service = seeder.service('traefik', 'traefik', labels, labels, [{ name: 'web', port: 80, targetPort: 'web' }, { name: 'websecure', port: 443, targetPort: 'websecure' }], { type: 'LoadBalancer' }, 120 * DAY);
  seeder.setStatus(service, { loadBalancer: { ingress: [{ ip: dev ? '172.18.255.200' : '203.0.113.10', ipMode: 'VIP' }] } });
  seeder.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'traefik', labels, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'traefik.io/ingress-controller' } }, 120 * DAY);
}

function seedObservability(seeder: Seeder): void {
  const grafana = systemLabels('grafana', 'prometheus-stack');
  seeder.deployment({
    namespace: 'observability',
    name: 'prometheus-stack-grafana',
    labels: grafana,
    selector: grafana,
    replicas: 1,
    createdAgo: 90 * DAY,
    containers: [{ name: 'grafana', image: 'docker.io/grafana/grafana:11.3.1', ports: [{ name: 'grafana', containerPort: 3000 }], resources: { requests: { cpu: '50m', memory: '128Mi' } } }],
  });
  seeder.service('observability', 'prometheus-stack-grafana', grafana, grafana, [{ name: 'http-web', port: 80, targetPort: 3000 }], {}, 90 * DAY);
  const ksm = systemLabels('kube-state-metrics', 'prometheus-stack');
  seeder.deployment({
    namespace: 'observability',
    name: 'prometheus-stack-kube-state-metrics',
    labels: ksm,
    selector: ksm,
    replicas: 1,
    createdAgo: 90 * DAY,
    containers: [{ name: 'kube-state-metrics', image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.14.0', resources: { requests: { cpu: '10m', memory: '64Mi' } } }],
  });
  const prometheus = { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'prometheus-stack-prometheus' };
  statefulSet(
    seeder,
    {
      namespace: 'observability',
      name: 'prometheus-prometheus-stack-prometheus',
      labels: prometheus,
      selector: prometheus,
      replicas: 1,
      createdAgo: 90 * DAY,
      containers: [{ name: 'prometheus', image: 'quay.io/prometheus/prometheus:v2.55.1', ports: [{ name: 'http-web', containerPort: 9090 }], resources: { requests: { cpu: '200m', memory: '1Gi' } }, volumeMounts: [{ name: 'prometheus-db', mountPath: '/prometheus' }] }],
    },
    { name: 'prometheus-db', size: '50Gi', usedFraction: 0.55, growthPerDay: 0.2 * 2 ** 30 },
  );
  seeder.service('observability', 'prometheus-stack-prometheus', prometheus, prometheus, [{ name: 'http-web', port: 9090, targetPort: 9090 }], {}, 90 * DAY);
  const alertmanager = { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': 'prometheus-stack-alertmanager' };
  statefulSet(seeder, {
    namespace: 'observability',
    name: 'alertmanager-prometheus-stack-alertmanager',
    labels: alertmanager,
    selector: alertmanager,
    replicas: 1,
    createdAgo: 90 * DAY,
    containers: [{ name: 'alertmanager', image: 'quay.io/prometheus/alertmanager:v0.27.0', ports: [{ name: 'http-web', containerPort: 9093 }], resources: { requests: { cpu: '10m', memory: '64Mi' } } }],
  });
  seeder.service('observability', 'prometheus-stack-alertmanager', alertmanager, alertmanager, [{ name: 'http-web', port: 9093, targetPort: 9093 }], {}, 90 * DAY);
  const nodeExporter = systemLabels('prometheus-node-exporter', 'prometheus-stack');
  daemonSet(seeder, { namespace: 'observability', name: 'prometheus-stack-prometheus-node-exporter', labels: nodeExporter, selector: nodeExporter, replicas: 0, createdAgo: 90 * DAY, tolerateAll: true, containers: [{ name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2' }] });
}

function seedVault(seeder: Seeder): void {
  const labels = { 'app.kubernetes.io/name': 'vault', 'app.kubernetes.io/instance': 'vault', component: 'server' };
  statefulSet(
    seeder,
    {
      namespace: 'vault',
      name: 'vault',
      labels,
      selector: labels,
      replicas: 1,
      createdAgo: 120 * DAY,
      containers: [{ name: 'vault', image: 'hashicorp/vault:1.18.2', ports: [{ name: 'http', containerPort: 8200 }], resources: { requests: { cpu: '250m', memory: '256Mi' } }, volumeMounts: [{ name: 'data', mountPath: '/vault/data' }] }],
    },
    { name: 'data', size: '10Gi', usedFraction: 0.12 },
  );
  seeder.service('vault', 'vault', labels, labels, [{ name: 'http', port: 8200, targetPort: 8200 }], {}, 120 * DAY);
  const injector = { 'app.kubernetes.io/name': 'vault-agent-injector', 'app.kubernetes.io/instance': 'vault', component: 'webhook' };
  seeder.deployment({
    namespace: 'vault',
    name: 'vault-agent-injector',
    labels: injector,
    selector: injector,
    replicas: 1,
    createdAgo: 120 * DAY,
    containers: [{ name: 'sidecar-injector', image: 'hashicorp/vault-k8s:1.5.0' }],
  });
}

// -----------------------------------------------------------------------------------------------------------------

function seedAgentRegistry(seeder: Seeder, dev: boolean, domain: string): { namespace: string; worker: StoredObject[] } {
  const labels = componentLabels('agent-registry', { 'app.kubernetes.io/component': 'api' });
  const selector = { 'app.kubernetes.io/name': 'agent-registry', 'app.kubernetes.io/component': 'api' };
  const image = (tag: string) => `ghcr.io/digitlify-inc/agent-registry:${tag}`;
  seeder.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'agent-registry', namespace: 'cmp', labels } }, 60 * DAY);
  seeder.create(
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'agent-registry-config', namespace: 'cmp', labels },
      data: {
        DJANGO_SETTINGS_MODULE: 'registry.settings.production',
        DATABASE_HOST: 'cmp-postgres-rw',
        DATABASE_NAME: 'agent_registry',
        CELERY_BROKER_URL: 'redis://redis.cmp.svc:6379/0',
        ALLOWED_HOSTS: `agent-registry.${domain}`,
        QDRANT_URL: 'http://qdrant:6333',
      },
    },
    60 * DAY,
  );
  seeder.pvc('cmp', 'agent-registry-media', {
    size: '10Gi',
    usedFraction: dev ? 0.38 : 0.31,
    growthPerDay: 0.02 * 2 ** 30,
    labels: componentLabels('agent-registry'),
    accessModes: ['ReadWriteMany'],
    storageClassName: 'standard-rwx',
  });
  const common = {
    envFrom: [{ configMapRef: { name: 'agent-registry-config' } }, { secretRef: { name: 'agent-registry-secrets' } }],
    volumeMounts: [{ name: 'media', mountPath: '/app/media' }],
  };
  seeder.deployment({
    namespace: 'cmp',
    name: 'agent-registry',
    labels,
    selector,
    replicas: 3,
    createdAgo: 45 * DAY,
    rolledOutAgo: 3 * DAY,
    history: [
      { image: image('v1.2.1'), rolledOutAgo: 45 * DAY },
      { image: image('v1.2.2'), rolledOutAgo: 12 * DAY },
    ],
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    serviceAccountName: 'agent-registry',
    revisionHistoryLimit: 10,
    volumes: [{ name: 'media', persistentVolumeClaim: { claimName: 'agent-registry-media' } }],
    containers: [
      {
        name: 'agent-registry',
        image: image('v1.2.3'),
        command: ['gunicorn', 'registry.wsgi:application', '--bind', '0.0.0.0:8000', '--workers', '4'],
        ports: [{ name: 'http', containerPort: 8000 }],
        resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        readinessProbe: { httpGet: { path: '/health/', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
        livenessProbe: { httpGet: { path: '/health/', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 20 },
        ...common,
      },
    ],
  });
  seeder.service('cmp', 'agent-registry', labels, selector, [{ name: 'http', port: 80, targetPort: 'http' }], {}, 45 * DAY);
  seeder.create(
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'agent-registry', namespace: 'cmp', labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'agent-registry' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
      status: {
        currentReplicas: 3,
        desiredReplicas: 3,
        lastScaleTime: seeder.ago(2 * DAY),
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 62, averageValue: '155m' } } }],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: seeder.ago(2 * DAY) },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: seeder.ago(45 * DAY) },
          { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: seeder.ago(2 * DAY) },
        ],
      },
    },
    45 * DAY,
  );
  seeder.create(
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'agent-registry', namespace: 'cmp', labels, annotations: { 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' } },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: [`agent-registry.${domain}`], secretName: 'agent-registry-tls' }],
        rules: [{ host: `agent-registry.${domain}`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'agent-registry', port: { name: 'http' } } } }] } }],
      },
      status: { loadBalancer: { ingress: [{ ip: dev ? '172.18.255.200' : '203.0.113.10' }] } },
    },
    45 * DAY,
  );

  const workerLabels = componentLabels('agent-registry-worker', { 'app.kubernetes.io/component': 'worker' });
  const workerSelector = { 'app.kubernetes.io/name': 'agent-registry-worker', 'app.kubernetes.io/component': 'worker' };
  const worker = seeder.deployment({
    namespace: 'cmp',
    name: 'agent-registry-worker',
    labels: workerLabels,
    selector: workerSelector,
    replicas: 2,
    createdAgo: 45 * DAY,
    rolledOutAgo: 3 * DAY,
    history: [
      { image: image('v1.2.1'), rolledOutAgo: 45 * DAY },
      { image: image('v1.2.2'), rolledOutAgo: 12 * DAY },
    ],
    serviceAccountName: 'agent-registry',
    restarts: dev ? [0, 1] : [0, 0],
    containers: [
      {
        name: 'worker',
        image: image('v1.2.3'),
        command: ['celery', '-A', 'registry', 'worker', '--loglevel=INFO', '--concurrency=4'],
        resources: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        readinessProbe: { exec: { command: ['celery', '-A', 'registry', 'inspect', 'ping', '-d', 'celery@$HOSTNAME'] }, initialDelaySeconds: 15, periodSeconds: 30 },
        envFrom: common.envFrom,
      },
    ],
  });
  const redis = { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cmp-redis', ...PART_OF };
  seeder.deployment({
    namespace: 'cmp',
    name: 'redis',
    labels: redis,
    selector: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cmp-redis' },
    replicas: 1,
    createdAgo: 60 * DAY,
    containers: [{ name: 'redis', image: 'docker.io/bitnami/redis:7.4.1', ports: [{ name: 'redis', containerPort: 6379 }], resources: { requests: { cpu: '50m', memory: '128Mi' } } }],
  });
  seeder.service('cmp', 'redis', redis, { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cmp-redis' }, [{ name: 'redis', port: 6379, targetPort: 6379 }], {}, 60 * DAY);

  seedCleanupCronJob(seeder, { ...componentLabels('agent-registry', { 'app.kubernetes.io/component': 'cleanup' }), app: 'agent-registry-cleanup' });
  seedExternalSecret(seeder, labels);
  return { namespace: 'cmp', worker: worker.pods };
}

function seedCleanupCronJob(seeder: Seeder, labels: Record<string, string>): void {
  const schedule = '30 3 * * *';
  const template = {
    metadata: { labels },
    spec: {
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'OnFailure',
          containers: [{ name: 'cleanup', image: 'ghcr.io/digitlify-inc/agent-registry:v1.2.3', command: ['python', 'manage.py', 'clearsessions'], resources: { requests: { cpu: '50m', memory: '128Mi' } } }],
        },
      },
      backoffLimit: 2,
    },
  };
  const cronJob = seeder.create(
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'agent-registry-cleanup', namespace: 'cmp', labels },
      spec: { schedule, concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: template },
    },
    45 * DAY,
  );
  const lastRuns: number[] = [];
  const today330 = Math.floor(seeder.now / DAY) * DAY + 3 * HOUR + 30 * MINUTE;
  let run = today330 <= seeder.now ? today330 : today330 - DAY;
  for (let index = 0; index < 3; index++, run -= DAY) lastRuns.unshift(run);
  for (const scheduled of lastRuns) {
    const ago = seeder.now - scheduled;
    const job = seeder.create(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: `agent-registry-cleanup-${Math.floor(scheduled / MINUTE)}`,
          namespace: 'cmp',
          labels,
          annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': seeder.ago(ago) },
          ownerReferences: [ownerReference(cronJob)],
        },
        spec: JSON.parse(JSON.stringify(template.spec)),
      },
      ago,
    );
    seeder.completedPod(job, `${job.metadata.name}-${safeSuffix(job.metadata.name)}`, job.spec.template, ago - 1000, 14_000);
    seeder.setStatus(job, {
      startTime: seeder.ago(ago - 1000),
      completionTime: seeder.ago(ago - 16_000),
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: seeder.ago(ago - 16_000), lastTransitionTime: seeder.ago(ago - 16_000) },
        { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: seeder.ago(ago - 16_000), lastTransitionTime: seeder.ago(ago - 16_000) },
      ],
    });
  }
  const last = lastRuns[lastRuns.length - 1];
  seeder.setStatus(cronJob, { lastScheduleTime: seeder.ago(seeder.now - last), lastSuccessfulTime: seeder.ago(seeder.now - last - 16_000) });
}

function seedExternalSecret(seeder: Seeder, labels: Record<string, string>): void {
  const es = seeder.create(
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'agent-registry-secrets', namespace: 'cmp', labels },
      spec: {
        refreshInterval: '1h0m0s',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { name: 'agent-registry-secrets', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'DATABASE_PASSWORD', remoteRef: { key: 'secret/cmp/database', property: 'password' } },
          { secretKey: 'DJANGO_SECRET_KEY', remoteRef: { key: 'secret/cmp/django', property: 'secret_key' } },
          { secretKey: 'GITHUB_WEBHOOK_SECRET', remoteRef: { key: 'secret/cmp/github', property: 'webhook_secret' } },
        ],
      },
    },
    45 * DAY,
  );
  const refreshed = 20 * MINUTE;
  seeder.setStatus(es, {
    refreshTime: seeder.ago(refreshed),
    syncedResourceVersion: resourceVersionOf(es),
    binding: { name: 'agent-registry-secrets' },
    conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced', lastTransitionTime: seeder.ago(45 * DAY) }],
  });
  seeder.create(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'agent-registry-secrets',
        namespace: 'cmp',
        labels: { 'reconcile.external-secrets.io/managed': 'true' },
        annotations: { 'reconcile.external-secrets.io/data-hash': '6d0c8b3a2f1e4d5c6b7a8f9e0d1c2b3a' },
        ownerReferences: [ownerReference(es)],
      },
      type: 'Opaque',
      data: { DATABASE_PASSWORD: base64('s3cr3t-db'), DJANGO_SECRET_KEY: base64('django-insecure-key'), GITHUB_WEBHOOK_SECRET: base64('whsec') },
    },
    45 * DAY,
  );
}

function seedKeycloak(seeder: Seeder, dev: boolean, domain: string): { pods: StoredObject[] } {
  const labels = componentLabels('keycloak');
  const selector = { 'app.kubernetes.io/name': 'keycloak' };
  const result = seeder.deployment({
    namespace: 'sso',
    name: 'keycloak',
    labels,
    selector,
    replicas: 2,
    createdAgo: 60 * DAY,
    rolledOutAgo: 21 * DAY,
    history: [{ image: 'quay.io/keycloak/keycloak:25.0.6', rolledOutAgo: 60 * DAY }],
    containers: [
      {
        name: 'keycloak',
        image: 'quay.io/keycloak/keycloak:26.0.5',
        args: ['start', '--optimized'],
        ports: [{ name: 'http', containerPort: 8080 }, { name: 'management', containerPort: 9000 }],
        env: [{ name: 'KC_HOSTNAME', value: `https://keycloak.${domain}` }, { name: 'KC_PROXY_HEADERS', value: 'xforwarded' }],
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        readinessProbe: { httpGet: { path: '/health/ready', port: 9000 }, initialDelaySeconds: 20, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: '/health/live', port: 9000 }, initialDelaySeconds: 60, periodSeconds: 30 },
      },
    ],
  });
  seeder.service('sso', 'keycloak', labels, selector, [{ name: 'http', port: 80, targetPort: 'http' }], {}, 60 * DAY);
  seeder.create(
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'keycloak', namespace: 'sso', labels },
      spec: {
        ingressClassName: 'traefik',
        tls: [{ hosts: [`keycloak.${domain}`], secretName: 'keycloak-tls' }],
        rules: [{ host: `keycloak.${domain}`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'keycloak', port: { name: 'http' } } } }] } }],
      },
      status: { loadBalancer: { ingress: [{ ip: dev ? '172.18.255.200' : '203.0.113.10' }] } },
    },
    60 * DAY,
  );
  return { pods: result.pods };
}

// -----------------------------------------------------------------------------------------------------------------

interface DatabaseSeed {
  cluster: StoredObject;
  failedBackup?: StoredObject;
}

function seedDatabase(seeder: Seeder, dev: boolean, now: number): DatabaseSeed {
  const age = 60 * DAY;
  const inherited = { 'app.kubernetes.io/part-of': 'gsv-platform', 'app.kubernetes.io/name': 'cmp-postgres' };
  const store = seeder.create(
    {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'cmp-postgres-store', namespace: 'cmp', labels: inherited },
      spec: {
        configuration: {
          destinationPath: `s3://gsv-backups-${dev ? 'dev' : 'prod'}/cmp-postgres`,
          endpointURL: 'https://s3.eu-central-1.amazonaws.com',
          s3Credentials: { accessKeyId: { name: 'backup-creds', key: 'ACCESS_KEY_ID' }, secretAccessKey: { name: 'backup-creds', key: 'ACCESS_SECRET_KEY' } },
          wal: { compression: 'gzip' },
        },
        retentionPolicy: '30d',
      },
    },
    age,
  );
  seeder.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'backup-creds', namespace: 'cmp' }, type: 'Opaque', data: { ACCESS_KEY_ID: base64('AKIAEXAMPLE'), ACCESS_SECRET_KEY: base64('example') } }, age);
  seeder.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cmp-postgres-app', namespace: 'cmp', labels: { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/reload': 'true' } }, type: 'kubernetes.io/basic-auth', data: { username: base64('agent_registry'), password: base64('s3cr3t-db'), dbname: base64('agent_registry'), host: base64('cmp-postgres-rw'), port: base64('5432') } }, age);
  const cluster = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: { name: 'cmp-postgres', namespace: 'cmp', labels: inherited },
      spec: {
        instances: 3,
        imageName: 'ghcr.io/cloudnative-pg/postgresql:16.4',
        primaryUpdateStrategy: 'unsupervised',
        storage: { size: '20Gi', storageClass: 'standard' },
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        postgresql: { parameters: { max_connections: '200', shared_buffers: '256MB' } },
        bootstrap: { initdb: { database: 'agent_registry', owner: 'agent_registry', secret: { name: 'cmp-postgres-app' } } },
        inheritedMetadata: { labels: inherited },
        plugins: [{ name: PLUGIN_NAME, isWALArchiver: true, parameters: { barmanObjectName: 'cmp-postgres-store' } }],
        monitoring: { enablePodMonitor: true },
      },
    },
    age,
  );
  const primary = 'cmp-postgres-1';
  const usage = dev ? [0.92, 0.61, 0.6] : [0.58, 0.57, 0.57];
  for (let serial = 1; serial <= 3; serial++) {
    seeder.pvc('cmp', `cmp-postgres-${serial}`, {
      size: '20Gi',
      usedFraction: usage[serial - 1],
      growthPerDay: 0.15 * 2 ** 30,
      labels: { ...inherited, 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/instanceName': `cmp-postgres-${serial}`, 'cnpg.io/pvcRole': 'PG_DATA' },
      createdAgo: age - serial * 5 * MINUTE,
    });
  }
  const job = seeder.create(bootstrapJob(cluster, 'initdb', 20), age - MINUTE);
  seeder.completedPod(job, `cmp-postgres-1-initdb-${safeSuffix('cmp-postgres-1-initdb')}`, job.spec.template, age - MINUTE - 2000, 20_000);
  seeder.setStatus(job, {
    startTime: seeder.ago(age - MINUTE),
    completionTime: seeder.ago(age - MINUTE - 25_000),
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [
      { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: seeder.ago(age - MINUTE - 25_000) },
      { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: seeder.ago(age - MINUTE - 25_000) },
    ],
  });
  for (let serial = 1; serial <= 3; serial++) {
    const template = instancePod(cluster, serial, serial === 1 ? 'primary' : 'replica');
    seeder.runningPod(cluster, template.metadata.name!, { namespace: 'cmp', name: 'cmp-postgres', labels: {}, selector: {}, replicas: 1, containers: template.spec.containers, createdAgo: age }, 4 * DAY - serial * 3 * MINUTE, 0, {
      labels: template.metadata.labels,
      spec: template.spec,
    });
  }
  for (const service of clusterServices(cluster)) seeder.create(service, age);

  // Nightly backups of the last seven days, 02:00 UTC; in dev, the one of three nights ago failed.
  const lastRun = Math.floor((now - 2 * HOUR) / DAY) * DAY + 2 * HOUR;
  let failedBackup: StoredObject | undefined;
  const scheduled = seeder.create(
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'cmp-postgres-daily', namespace: 'cmp', labels: inherited },
      spec: {
        schedule: '0 0 2 * * *',
        cluster: { name: 'cmp-postgres' },
        backupOwnerReference: 'self',
        method: 'plugin',
        pluginConfiguration: { name: PLUGIN_NAME },
        immediate: true,
        target: 'prefer-standby',
      },
    },
    age,
  );
  const completedStarts: number[] = [];
  let lastSuccess = 0;
  let lastFailure = 0;
  for (let daysBack = 6; daysBack >= 0; daysBack--) {
    const at = lastRun - daysBack * DAY;
    const failed = dev && daysBack === 3;
    const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const startedAt = at + 3000;
    const stoppedAt = at + (failed ? 95_000 : 38_000 + daysBack * 1000);
    const backup = seeder.create(
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Backup',
        metadata: {
          name: `cmp-postgres-daily-${stamp}`,
          namespace: 'cmp',
          labels: { 'cnpg.io/cluster': 'cmp-postgres', 'cnpg.io/scheduled-backup': 'cmp-postgres-daily' },
          ownerReferences: [ownerReference(scheduled, false)],
        },
        spec: { cluster: { name: 'cmp-postgres' }, method: 'plugin', pluginConfiguration: { name: PLUGIN_NAME }, target: 'prefer-standby' },
      },
      now - at,
    );
    const serial = 0x1a + (6 - daysBack) * 3;
    const wal = (n: number) => `00000001${n.toString(16).toUpperCase().padStart(16, '0')}`;
    const common = {
      method: 'plugin',
      online: true,
      startedAt: seeder.ago(now - startedAt),
      stoppedAt: seeder.ago(now - stoppedAt),
      backupId: new Date(startedAt).toISOString().replace(/[-:]/g, '').slice(0, 15),
      backupName: `backup-${new Date(startedAt).toISOString().replace(/[-:T]/g, '').slice(0, 14)}`,
      serverName: 'cmp-postgres',
      destinationPath: store.spec.configuration.destinationPath,
      majorVersion: 16,
      instanceID: { podName: 'cmp-postgres-2', ContainerID: `containerd://4f1${stamp}` },
      pluginMetadata: { pluginName: PLUGIN_NAME },
    };
    const status = failed
      ? {
          ...common,
          phase: 'failed',
          error: 'rpc error: code = Unknown desc = while uploading backup: operation error S3: PutObject, https response error StatusCode: 503, RequestID: 7Q9XK2M4, api error SlowDown: Please reduce your request rate.',
        }
      : {
          ...common,
          phase: 'completed',
          beginWal: wal(serial),
          endWal: wal(serial),
          beginLSN: `0/${serial.toString(16).toUpperCase()}000028`,
          endLSN: `0/${serial.toString(16).toUpperCase()}000138`,
        };
    const stored = seeder.setStatus(backup, status);
    if (failed) {
      failedBackup = stored;
      lastFailure = stoppedAt;
    } else {
      completedStarts.push(startedAt);
      lastSuccess = stoppedAt;
    }
  }
  seeder.setStatus(scheduled, {
    lastCheckTime: seeder.ago(now - lastRun),
    lastScheduleTime: seeder.ago(now - lastRun),
    nextScheduleTime: seeder.ago(now - (lastRun + DAY)),
  });
  seeder.setStatus(store, {
    serverRecoveryWindow: {
      'cmp-postgres': {
        firstRecoverabilityPoint: seeder.ago(now - Math.min(...completedStarts)),
        lastSuccessfulBackupTime: seeder.ago(now - lastSuccess),
        ...(lastFailure ? { lastFailedBackupTime: seeder.ago(now - lastFailure) } : {}),
      },
    },
  });
  const stored = seeder.setStatus(cluster, {
    instances: 3,
    readyInstances: 3,
    instanceNames: ['cmp-postgres-1', 'cmp-postgres-2', 'cmp-postgres-3'],
    latestGeneratedNode: 3,
    currentPrimary: primary,
    targetPrimary: primary,
    currentPrimaryTimestamp: `${seeder.ago(age - 2 * MINUTE).slice(0, 19)}.120034Z`,
    targetPrimaryTimestamp: `${seeder.ago(age - 2 * MINUTE - 8000).slice(0, 19)}.871120Z`,
    timelineID: 1,
    phase: HEALTHY_PHASE,
    writeService: 'cmp-postgres-rw',
    readService: 'cmp-postgres-r',
    image: 'ghcr.io/cloudnative-pg/postgresql:16.4',
    pluginStatus: [{ name: PLUGIN_NAME, version: '0.3.0', capabilities: ['TYPE_RECONCILER_HOOKS', 'TYPE_LIFECYCLE_SERVICE'], backupCapabilities: ['TYPE_BACKUP'], walCapabilities: ['TYPE_ARCHIVE_WAL', 'TYPE_RESTORE_WAL'] }],
    conditions: [
      { type: 'Ready', status: 'True', reason: 'ClusterIsReady', message: 'Cluster is Ready', lastTransitionTime: seeder.ago(4 * DAY - 10 * MINUTE) },
      { type: 'ContinuousArchiving', status: 'True', reason: 'ContinuousArchivingSuccess', message: 'Continuous archiving is working', lastTransitionTime: seeder.ago(age - 3 * MINUTE) },
      { type: 'ConsistentSystemID', status: 'True', reason: 'Unique', message: 'A single, unique system ID was found across reporting instances.', lastTransitionTime: seeder.ago(age - 3 * MINUTE) },
      { type: 'LastBackupSucceeded', status: 'True', reason: 'LastBackupSucceeded', message: 'Backup was successful', lastTransitionTime: seeder.ago(now - lastSuccess) },
    ],
  });
  return { cluster: stored, failedBackup };
}

// -----------------------------------------------------------------------------------------------------------------

function seedCertificates(
  seeder: Seeder,
  dev: boolean,
  domain: string,
  issuers: IssuerRefs,
): void {
  const now = seeder.now;
  const certificate = (input: {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    dnsNames: string[];
    issuer: IssuerRefs['production'];
    issuedAgo: number;
    duration: number;
    renewBefore: number;
    revision: number;
    createdAgo: number;
    failing?: { attempts: number; lastFailureAgo: number; message: string };
  }) => {
    const notBefore = now - input.issuedAgo;
    const notAfter = notBefore + input.duration;
    const cert = seeder.create(
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: input.name, namespace: input.namespace, labels: input.labels },
        spec: {
          secretName: input.name,
          issuerRef: input.issuer,
          dnsNames: input.dnsNames,
          duration: `${input.duration / HOUR}h0m0s`,
          renewBefore: `${input.renewBefore / HOUR}h0m0s`,
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          usages: ['digital signature', 'key encipherment'],
        },
      },
      input.createdAgo,
    );
    seeder.create(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: input.name,
          namespace: input.namespace,
          labels: { 'controller.cert-manager.io/fao': 'true' },
          annotations: {
            'cert-manager.io/alt-names': input.dnsNames.join(','),
            'cert-manager.io/certificate-name': input.name,
            'cert-manager.io/common-name': input.dnsNames[0],
            'cert-manager.io/ip-sans': '',
            'cert-manager.io/issuer-group': input.issuer.group,
            'cert-manager.io/issuer-kind': input.issuer.kind,
            'cert-manager.io/issuer-name': input.issuer.name,
            'cert-manager.io/uri-sans': '',
          },
        },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': base64(fakePem('CERTIFICATE', `${input.name}/${input.revision}`)), 'tls.key': base64(fakePem('RSA PRIVATE KEY', `${input.name}/key`)), 'ca.crt': '' },
      },
      input.issuedAgo,
    );
    const request = (revision: number, createdAgo: number, failure?: string) => {
      const cr = seeder.create(
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'CertificateRequest',
          metadata: {
            name: `${input.name}-${safeSuffix(`${input.name}/${revision}/${createdAgo}`)}`,
            namespace: input.namespace,
            labels: input.labels,
            annotations: {
              'cert-manager.io/certificate-name': input.name,
              'cert-manager.io/certificate-revision': String(revision),
              'cert-manager.io/private-key-secret-name': `${input.name}-${safeSuffix(`${input.name}/key/${revision}`)}`,
            },
            ownerReferences: [ownerReference(cert)],
          },
          spec: {
            issuerRef: input.issuer,
            request: base64(fakePem('CERTIFICATE REQUEST', `${input.name}/${revision}`)),
            duration: `${input.duration / HOUR}h0m0s`,
            usages: ['digital signature', 'key encipherment'],
            username: 'system:serviceaccount:cert-manager:cert-manager',
          },
        },
        createdAgo,
      );
      seeder.setStatus(cr, {
        conditions: [
          { type: 'Approved', status: 'True', reason: 'cert-manager.io', message: 'Certificate request has been approved by cert-manager.io', lastTransitionTime: seeder.ago(createdAgo) },
          failure
            ? { type: 'Ready', status: 'False', reason: 'Failed', message: failure, lastTransitionTime: seeder.ago(createdAgo - 8000) }
            : { type: 'Ready', status: 'True', reason: 'Issued', message: 'Certificate fetched from issuer successfully', lastTransitionTime: seeder.ago(createdAgo - 8000) },
        ],
        ...(failure ? { failureTime: seeder.ago(createdAgo - 8000) } : { certificate: base64(fakePem('CERTIFICATE', `${input.name}/${revision}`)), ca: base64(fakePem('CERTIFICATE', 'letsencrypt-r11')) }),
      });
    };
    request(input.revision, input.issuedAgo + 10_000);
    const expired = now >= notAfter;
    const conditions: Array<Record<string, unknown>> = [
      expired
        ? { type: 'Ready', status: 'False', reason: 'Expired', message: `Certificate expired on ${new Date(notAfter).toUTCString()}`, lastTransitionTime: seeder.ago(now - notAfter), observedGeneration: 2 }
        : { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', lastTransitionTime: seeder.ago(input.issuedAgo), observedGeneration: 1 },
    ];
    let status: Record<string, unknown> = {
      notBefore: seeder.ago(input.issuedAgo),
      notAfter: seeder.ago(now - notAfter),
      renewalTime: seeder.ago(now - (notAfter - input.renewBefore)),
      revision: input.revision,
    };
    if (input.failing) {
      const orderMessage = `Failed to wait for order resource "${input.name}-${input.revision + 1}-3094887542" to become ready: order is in "invalid" state: ${input.failing.message}`;
      request(input.revision + 1, input.failing.lastFailureAgo + 8000, orderMessage);
      conditions.push({
        type: 'Issuing',
        status: 'False',
        reason: 'Failed',
        message: `The certificate request has failed to complete and will be retried: ${orderMessage}`,
        lastTransitionTime: seeder.ago(input.failing.lastFailureAgo),
        observedGeneration: 2,
      });
      status = { ...status, lastFailureTime: seeder.ago(input.failing.lastFailureAgo), failedIssuanceAttempts: input.failing.attempts };
      const stored = seeder.setStatus(cert, { ...status, conditions });
      seeder.event(stored, 'Warning', 'Failed', `The certificate request has failed to complete and will be retried: ${orderMessage}`, {
        firstAgo: input.failing.lastFailureAgo,
        component: 'cert-manager-certificates-issuing',
      });
      return stored;
    }
    return seeder.setStatus(cert, { ...status, conditions });
  };

  certificate({
    namespace: 'cmp',
    name: 'agent-registry-tls',
    labels: componentLabels('agent-registry'),
    dnsNames: [`agent-registry.${domain}`],
    issuer: issuers.production,
    issuedAgo: 30 * DAY,
    duration: 2160 * HOUR,
    renewBefore: 720 * HOUR,
    revision: 3,
    createdAgo: 45 * DAY,
  });
  certificate({
    namespace: 'sso',
    name: 'keycloak-tls',
    labels: componentLabels('keycloak'),
    dnsNames: [`keycloak.${domain}`],
    issuer: issuers.production,
    issuedAgo: dev ? 85 * DAY : 30 * DAY,
    duration: 2160 * HOUR,
    renewBefore: dev ? 72 * HOUR : 720 * HOUR,
    revision: 2,
    createdAgo: 60 * DAY + 10 * MINUTE,
  });
  certificate({
    namespace: 'cert-manager',
    name: 'wildcard-dev-tls',
    labels: { 'app.kubernetes.io/name': 'wildcard-tls', ...PART_OF },
    dnsNames: [`*.${domain}`],
    issuer: issuers.dns,
    issuedAgo: dev ? 92 * DAY : 20 * DAY,
    duration: 2160 * HOUR,
    renewBefore: 720 * HOUR,
    revision: 4,
    createdAgo: 300 * DAY,
    ...(dev
      ? { failing: { attempts: 2, lastFailureAgo: 40 * MINUTE, message: `DNS-01 challenge for "*.${domain}" failed: Cloudflare API error for zone "${domain}": Invalid access token (9109)` } }
      : {}),
  });
}

function seedArgoCd(seeder: Seeder, dev: boolean, domain: string): void {
  const argo = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'argocd', 'app.kubernetes.io/component': name.replace('argocd-', '') });
  for (const [name, image] of [
    ['argocd-server', 'quay.io/argoproj/argocd:v2.13.2'],
    ['argocd-repo-server', 'quay.io/argoproj/argocd:v2.13.2'],
    ['argocd-redis', 'public.ecr.aws/docker/library/redis:7.4.1-alpine'],
    ['argocd-applicationset-controller', 'quay.io/argoproj/argocd:v2.13.2'],
  ]) {
    seeder.deployment({
      namespace: 'argocd',
      name,
      labels: argo(name),
      selector: { 'app.kubernetes.io/name': name },
      replicas: 1,
      createdAgo: 120 * DAY,
      containers: [{ name: name.replace('argocd-', ''), image, resources: { requests: { cpu: '50m', memory: '128Mi' } } }],
    });
  }
  statefulSet(seeder, {
    namespace: 'argocd',
    name: 'argocd-application-controller',
    labels: argo('argocd-application-controller'),
    selector: { 'app.kubernetes.io/name': 'argocd-application-controller' },
    replicas: 1,
    createdAgo: 120 * DAY,
    containers: [{ name: 'application-controller', image: 'quay.io/argoproj/argocd:v2.13.2', resources: { requests: { cpu: '250m', memory: '512Mi' } } }],
  });
  seeder.service('argocd', 'argocd-server', argo('argocd-server'), { 'app.kubernetes.io/name': 'argocd-server' }, [{ name: 'https', port: 443, targetPort: 8080 }], {}, 120 * DAY);

  const application = (input: {
    name: string;
    path: string;
    namespace: string;
    automated: boolean;
    resources: Array<{ group: string; kind: string; name: string; namespace?: string }>;
    deploys: Array<{ ago: number; message: string }>;
    pending?: { image: string; message: string };
  }) => {
    const source = { repoURL: REPO, path: `platform/overlays/${dev ? 'dev' : 'prod'}/${input.path}`, targetRevision: 'main' };
    const destination = { server: 'https://kubernetes.default.svc', namespace: input.namespace };
    const revisions = input.deploys.map(deploy => gitSha(`${input.name}/${deploy.message}`));
    const latest = revisions[revisions.length - 1];
    const lastDeploy = input.deploys[input.deploys.length - 1];
    const pendingRevision = input.pending ? gitSha(`${input.name}/${input.pending.message}`) : undefined;
    const resources = input.resources.map(resource => ({
      group: resource.group,
      version: resource.group === 'apps' || resource.group === 'cert-manager.io' || resource.group === 'networking.k8s.io' || resource.group === 'postgresql.cnpg.io' || resource.group === 'barmancloud.cnpg.io' || resource.group === 'external-secrets.io' ? 'v1' : resource.group === 'autoscaling' ? 'v2' : 'v1',
      kind: resource.kind,
      namespace: resource.namespace ?? input.namespace,
      name: resource.name,
      status: input.pending && resource.kind === 'Deployment' ? 'OutOfSync' : 'Synced',
    }));
    seeder.create(
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: input.name, namespace: 'argocd', labels: { 'gsv.io/service': input.name, ...PART_OF }, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
        spec: {
          project: 'gsv-platform',
          source,
          destination,
          ...(input.automated ? { syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] } } : { syncPolicy: { syncOptions: ['CreateNamespace=true'] } }),
          revisionHistoryLimit: 10,
        },
        status: {
          sync: { status: input.pending ? 'OutOfSync' : 'Synced', revision: pendingRevision ?? latest, comparedTo: { source, destination } },
          health: { status: 'Healthy', lastTransitionTime: seeder.ago(lastDeploy.ago - 90_000) },
          operationState: {
            operation: { sync: { revision: latest }, initiatedBy: input.automated ? { automated: true } : { username: 'platform-admin' }, retry: {} },
            phase: 'Succeeded',
            message: 'successfully synced (all tasks run)',
            startedAt: seeder.ago(lastDeploy.ago),
            finishedAt: seeder.ago(lastDeploy.ago - 9000),
            syncResult: {
              revision: latest,
              source,
              resources: resources.map(resource => ({ ...resource, status: 'Synced', message: `${resource.kind.toLowerCase()}${resource.group ? `.${resource.group}` : ''}/${resource.name} configured`, hookPhase: 'Running', syncPhase: 'Sync' })),
            },
          },
          history: input.deploys.map((deploy, index) => ({
            id: index,
            revision: revisions[index],
            deployStartedAt: seeder.ago(deploy.ago),
            deployedAt: seeder.ago(deploy.ago - 9000),
            source,
            initiatedBy: input.automated ? { automated: true } : { username: 'platform-admin' },
          })),
          resources,
          reconciledAt: seeder.ago(2 * MINUTE),
          sourceType: 'Kustomize',
          summary: { externalURLs: input.name === 'keycloak' ? [`https://keycloak.${domain}`] : input.name === 'agent-registry' ? [`https://agent-registry.${domain}`] : [] },
          resourceHealthSource: 'appTree',
          controllerNamespace: 'argocd',
        },
      },
      120 * DAY,
    );
    if (input.pending) {
      seeder.simulation.setPendingGitChange(`argocd/${input.name}`, {
        revision: pendingRevision!,
        message: input.pending.message,
        author: 'renovate[bot] <bot@renovateapp.com>',
        image: input.pending.image,
      });
    }
  };

  application({
    name: 'agent-registry',
    path: 'agent-registry',
    namespace: 'cmp',
    automated: true,
    resources: [
      { group: '', kind: 'ConfigMap', name: 'agent-registry-config' },
      { group: '', kind: 'Service', name: 'agent-registry' },
      { group: 'apps', kind: 'Deployment', name: 'agent-registry' },
      { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', name: 'agent-registry' },
      { group: 'cert-manager.io', kind: 'Certificate', name: 'agent-registry-tls' },
      { group: 'external-secrets.io', kind: 'ExternalSecret', name: 'agent-registry-secrets' },
      { group: 'networking.k8s.io', kind: 'Ingress', name: 'agent-registry' },
    ],
    deploys: [
      { ago: 45 * DAY, message: 'chore: update agent-registry to v1.2.1' },
      { ago: 12 * DAY, message: 'chore: update agent-registry to v1.2.2' },
      { ago: 3 * DAY, message: 'chore: update agent-registry to v1.2.3' },
    ],
  });
  application({
    name: 'agent-registry-worker',
    path: 'agent-registry-worker',
    namespace: 'cmp',
    automated: true,
    resources: [{ group: 'apps', kind: 'Deployment', name: 'agent-registry-worker' }],
    deploys: [
      { ago: 45 * DAY, message: 'chore: update agent-registry-worker to v1.2.1' },
      { ago: 12 * DAY, message: 'chore: update agent-registry-worker to v1.2.2' },
      { ago: 3 * DAY, message: 'chore: update agent-registry-worker to v1.2.3' },
    ],
  });
  application({
    name: 'keycloak',
    path: 'keycloak',
    namespace: 'sso',
    automated: false,
    resources: [
      { group: '', kind: 'Service', name: 'keycloak' },
      { group: 'apps', kind: 'Deployment', name: 'keycloak' },
      { group: 'cert-manager.io', kind: 'Certificate', name: 'keycloak-tls' },
      { group: 'networking.k8s.io', kind: 'Ingress', name: 'keycloak' },
    ],
    deploys: [
      { ago: 60 * DAY, message: 'feat: keycloak 25.0.6' },
      { ago: 21 * DAY, message: 'chore: bump keycloak to 26.0.5' },
    ],
    ...(dev ? { pending: { image: 'quay.io/keycloak/keycloak:26.0.7', message: 'chore: bump keycloak to 26.0.7' } } : {}),
  });
  application({
    name: 'cmp-postgres',
    path: 'cmp-postgres',
    namespace: 'cmp',
    automated: false,
    resources: [
      { group: 'barmancloud.cnpg.io', kind: 'ObjectStore', name: 'cmp-postgres-store' },
      { group: 'postgresql.cnpg.io', kind: 'Cluster', name: 'cmp-postgres' },
      { group: 'postgresql.cnpg.io', kind: 'ScheduledBackup', name: 'cmp-postgres-daily' },
    ],
    deploys: [{ ago: 60 * DAY, message: 'feat: cmp-postgres with barman cloud plugin' }],
  });
}

function seedWarnings(seeder: Seeder, dev: boolean, workerPods: StoredObject[], keycloakPods: StoredObject[], database: DatabaseSeed): void {
  if (!dev) return;
  const worker = workerPods[workerPods.length - 1];
  seeder.event(worker, 'Warning', 'Unhealthy', 'Readiness probe failed: Error: No nodes replied within time constraint', {
    count: 4,
    firstAgo: 50 * MINUTE,
    lastAgo: 12 * MINUTE,
    component: 'kubelet',
    host: worker.spec?.nodeName,
    fieldPath: 'spec.containers{worker}',
  });
  const keycloak = keycloakPods[0];
  seeder.event(keycloak, 'Warning', 'Unhealthy', `Liveness probe failed: Get "http://${keycloak.status?.podIP}:9000/health/live": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, {
    firstAgo: 25 * MINUTE,
    component: 'kubelet',
    host: keycloak.spec?.nodeName,
    fieldPath: 'spec.containers{keycloak}',
  });
  if (database.failedBackup) {
    seeder.event(database.failedBackup, 'Warning', 'Failed', `Backup failed: ${database.failedBackup.status?.error}`, {
      firstAgo: seeder.now - Date.parse(database.failedBackup.status?.stoppedAt ?? seeder.ago(3 * DAY)),
      component: 'cloudnative-pg-backup',
    });
  }
  const primaryPod = seeder.api.store.get('/pods', 'cmp', 'cmp-postgres-1');
  if (primaryPod) {
    seeder.event(primaryPod, 'Warning', 'FreeDiskSpaceLow', 'Volume pgdata (claim cmp-postgres-1) is 92% full', {
      count: 6,
      firstAgo: 55 * MINUTE,
      lastAgo: 5 * MINUTE,
      component: 'cloudnative-pg',
    });
  }
}
