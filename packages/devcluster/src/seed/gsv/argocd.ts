import { DAY, gitSha, MINUTE, Seeder } from '../Seeder';
import { PART_OF, REPO } from './labels';
import { statefulSet } from './workloads';
import { overlayPath } from '../../gitops/seedFiles';

/** Argo CD and its Applications, with sync history; keycloak OutOfSync in dev (an image bump waiting in Git). */

export function seedArgoCd(seeder: Seeder, dev: boolean, domain: string, gitopsUrl?: string): void {
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

  const application = (input: ApplicationSeed) => seedApplication(seeder, dev, domain, input);

  application({
    name: 'agent-registry',
    path: 'agent-registry',
    ingressHost: 'agent-registry',
    ...(gitopsUrl ? { source: { repoURL: gitopsUrl, path: overlayPath(dev ? 'dev' : 'prod'), targetRevision: 'main' } } : {}),
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
    ingressHost: 'keycloak',
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

export interface ApplicationSeed {
  name: string;
  path: string;
  namespace: string;
  automated: boolean;
  resources: Array<{ group: string; kind: string; name: string; namespace?: string }>;
  deploys: Array<{ ago: number; message: string }>;
  pending?: { image: string; message: string };
  ingressHost?: string;
  /** The source, when not the simulated platform repository (the embedded GitOps repository). */
  source?: { repoURL: string; path: string; targetRevision: string };
  labels?: Record<string, string>;
}

/** An Argo CD Application with its sync history, as its controller left it at the last deploy. */
export function seedApplication(seeder: Seeder, dev: boolean, domain: string, input: ApplicationSeed): void {
  const source = input.source ?? { repoURL: REPO, path: `platform/overlays/${dev ? 'dev' : 'prod'}/${input.path}`, targetRevision: 'main' };
  const destination = { server: 'https://kubernetes.default.svc', namespace: input.namespace };
  const revisions = input.deploys.map(deploy => gitSha(`${input.name}/${deploy.message}`));
  const latest = revisions[revisions.length - 1];
  const lastDeploy = input.deploys[input.deploys.length - 1];
  const pendingRevision = input.pending ? gitSha(`${input.name}/${input.pending.message}`) : undefined;
  const resources = input.resources.map(resource => ({
    group: resource.group,
    version: resource.group === 'autoscaling' ? 'v2' : 'v1',
    kind: resource.kind,
    namespace: resource.namespace ?? input.namespace,
    name: resource.name,
    status: input.pending && resource.kind === 'Deployment' ? 'OutOfSync' : 'Synced',
  }));
  seeder.create(
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: input.name, namespace: 'argocd', labels: { 'gsv.io/service': input.name, ...PART_OF, ...input.labels }, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
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
        summary: { externalURLs: input.ingressHost ? [`https://${input.ingressHost}.${domain}`] : [] },
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
}
