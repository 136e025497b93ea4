import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { Entity } from '@backstage/catalog-model';
import { GSV_OPS_ANNOTATIONS } from '@gsv/plugin-gsv-ops-common';

/** The catalog-info.yaml lines that turn the Ops tab on for an entity, with what each one brings. */
export function annotationSnippet(entity: Entity): string {
  const name = entity.metadata.name;
  const namespace =
    entity.metadata.annotations?.[GSV_OPS_ANNOTATIONS.kubernetesNamespace] ??
    '<namespace>';
  const A = GSV_OPS_ANNOTATIONS;
  return [
    'metadata:',
    '  annotations:',
    `    # required: the Kubernetes objects labelled backstage.io/kubernetes-id=${name} belong to this service`,
    `    ${A.kubernetesId}: ${name}`,
    '    # optional: only look in this namespace',
    `    ${A.kubernetesNamespace}: ${namespace}`,
    '    # optional: the CloudNativePG cluster (Backups), the Argo CD application (GitOps),',
    '    # cert-manager certificates and ExternalSecrets, each <namespace>/<name>',
    `    ${A.cnpgCluster}: ${namespace}/${name}-postgres`,
    `    ${A.argocdAppName}: ${name}`,
    `    ${A.certificates}: ${namespace}/${name}-tls`,
    `    ${A.externalSecrets}: ${namespace}/${name}-secrets`,
  ].join('\n');
}

export interface OpsEmptyStateProps {
  entity: Entity;
  /** `not-annotated`: the entity lacks the annotations; `nothing-found`: annotated, but no cluster has its objects. */
  reason: 'not-annotated' | 'nothing-found';
  /** The clusters that were searched (for `nothing-found`). */
  clusters?: string[];
}

/** Tells exactly which annotations to add (with a copyable snippet), or that the annotated objects were not found. */
export const OpsEmptyState = ({
  entity,
  reason,
  clusters = [],
}: OpsEmptyStateProps) => {
  const annotations = entity.metadata.annotations ?? {};
  const label = annotations[GSV_OPS_ANNOTATIONS.kubernetesLabelSelector]
    ? annotations[GSV_OPS_ANNOTATIONS.kubernetesLabelSelector]
    : `${GSV_OPS_ANNOTATIONS.kubernetesId}=${
        annotations[GSV_OPS_ANNOTATIONS.kubernetesId] ?? entity.metadata.name
      }`;
  if (reason === 'nothing-found') {
    return (
      <EmptyState
        missing="data"
        title="Nothing of this service is running"
        description={
          <>
            <Typography variant="body1" component="span">
              No deployment, pod, certificate, database or application matching{' '}
              <code>{label}</code>
              {annotations[GSV_OPS_ANNOTATIONS.kubernetesNamespace] &&
                ` in namespace ${
                  annotations[GSV_OPS_ANNOTATIONS.kubernetesNamespace]
                }`}{' '}
              was found in{' '}
              {clusters.length > 0 ? clusters.join(', ') : 'any cluster'}.
            </Typography>
            <Typography
              variant="body2"
              component="span"
              style={{ display: 'block', marginTop: 8 }}
            >
              Check that the objects carry that label (
              <code>kubectl get deploy,pods -A -l {label}</code>) and that the
              annotations below match.
            </Typography>
          </>
        }
      />
    );
  }
  return (
    <EmptyState
      missing="field"
      title="GSV Ops is not set up for this component"
      description={
        <>
          Add the <code>{GSV_OPS_ANNOTATIONS.kubernetesId}</code> annotation to
          this component's <code>catalog-info.yaml</code> (and the optional ones
          for its database, GitOps application, certificates and secrets) to see
          its health, certificates, backups and GitOps state here.
        </>
      }
      action={
        <Box maxWidth={760} data-testid="annotation-snippet">
          <CodeSnippet
            text={annotationSnippet(entity)}
            language="yaml"
            showCopyCodeButton
          />
        </Box>
      }
    />
  );
};
