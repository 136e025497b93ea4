import { AGENT_REGISTRY_IMAGE, GITOPS_STAGES, overlayPath } from '../../gitops/seedFiles';
import { DAY, Seeder } from '../Seeder';
import { seedApplication } from './argocd';
import { componentLabels, PART_OF } from './labels';

/**
 * The qa stage of agent-registry on the dev cluster (dev → qa → prod): namespace `cmp-qa`, one replica of the API at
 * the tag of the GitOps repository's qa overlay, and its Argo CD Application `argocd/agent-registry-qa`.
 */
export function seedQaStage(seeder: Seeder, gitopsUrl: string): void {
  const tag = GITOPS_STAGES.find(stage => stage.environment === 'qa')!.tag;
  seeder.namespace('cmp-qa', { ...PART_OF, 'gsv.io/environment': 'qa' }, 30 * DAY);
  seeder.deployment({
    namespace: 'cmp-qa',
    name: 'agent-registry',
    labels: componentLabels('agent-registry', { 'app.kubernetes.io/component': 'api' }),
    selector: { 'app.kubernetes.io/name': 'agent-registry', 'app.kubernetes.io/component': 'api' },
    replicas: 1,
    createdAgo: 30 * DAY,
    rolledOutAgo: 10 * DAY,
    history: [{ image: `${AGENT_REGISTRY_IMAGE}:v1.2.1`, rolledOutAgo: 30 * DAY }],
    containers: [
      {
        name: 'agent-registry',
        image: `${AGENT_REGISTRY_IMAGE}:${tag}`,
        ports: [{ name: 'http', containerPort: 8000 }],
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        readinessProbe: { httpGet: { path: '/health/', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
      },
    ],
  });
  seedApplication(seeder, true, 'dev.gsv.example', {
    name: 'agent-registry-qa',
    labels: { 'backstage.io/kubernetes-id': 'agent-registry' },
    path: 'agent-registry',
    namespace: 'cmp-qa',
    automated: false,
    source: { repoURL: gitopsUrl, path: overlayPath('qa'), targetRevision: 'main' },
    resources: [{ group: 'apps', kind: 'Deployment', name: 'agent-registry' }],
    deploys: [
      { ago: 30 * DAY, message: 'chore: promote agent-registry v1.2.1 to qa' },
      { ago: 10 * DAY, message: 'chore: promote agent-registry v1.2.2 to qa' },
    ],
  });
}
