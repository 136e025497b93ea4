import { stringify } from 'yaml';

/** The environments of the GitOps repository's overlays, in promotion order, and the agent-registry tag each runs. */
export const GITOPS_STAGES = [
  { environment: 'dev', tag: 'v1.2.3' },
  { environment: 'qa', tag: 'v1.2.2' },
  { environment: 'prod', tag: 'v1.2.3' },
] as const;

export const AGENT_REGISTRY_IMAGE = 'ghcr.io/digitlify-inc/agent-registry';

/** The path of an environment's overlay of agent-registry (what its Application's `spec.source.path` names). */
export function overlayPath(environment: string): string {
  return `apps/agent-registry/overlays/${environment}`;
}

const base = {
  'apps/agent-registry/base/kustomization.yaml': stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['deployment.yaml'],
  }),
  'apps/agent-registry/base/deployment.yaml': stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'agent-registry', labels: { 'app.kubernetes.io/name': 'agent-registry', 'backstage.io/kubernetes-id': 'agent-registry' } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'agent-registry', 'app.kubernetes.io/component': 'api' } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'agent-registry', 'app.kubernetes.io/component': 'api' } },
        spec: { containers: [{ name: 'agent-registry', image: `${AGENT_REGISTRY_IMAGE}:latest`, ports: [{ name: 'http', containerPort: 8000 }] }] },
      },
    },
  }),
  'README.md': '# GSV platform GitOps repository\n\nArgo CD applications point at `apps/<app>/overlays/<environment>`. Promote an image by changing `images[].newTag` of the next environment\'s overlay.\n',
};

/** Path → text of every file of the seeded repository. */
export const GITOPS_SEED_FILES: Record<string, string> = {
  ...base,
  ...Object.fromEntries(
    GITOPS_STAGES.map(stage => [
      `${overlayPath(stage.environment)}/kustomization.yaml`,
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: stage.environment === 'qa' ? 'cmp-qa' : 'cmp',
        resources: ['../../base'],
        images: [{ name: AGENT_REGISTRY_IMAGE, newTag: stage.tag }],
      }),
    ]),
  ),
};
