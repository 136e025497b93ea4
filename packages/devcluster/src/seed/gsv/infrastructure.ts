import { DAY } from '../Seeder';
import type { Seeder } from '../Seeder';
import { systemLabels } from './labels';
import { daemonSet, statefulSet } from './workloads';

/** The platform's infrastructure: kube-system add-ons, CNPG and ESO operators, Traefik, observability, Vault. */

export function seedSystemWorkloads(seeder: Seeder): void {
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

export function seedExternalSecretsOperator(seeder: Seeder): void {
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

export function seedTraefik(seeder: Seeder, dev: boolean): void {
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

export function seedObservability(seeder: Seeder): void {
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

export function seedVault(seeder: Seeder): void {
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
