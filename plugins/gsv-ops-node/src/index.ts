/**
 * What other backend modules use of GSV Ops: the cluster access contracts (GsvOpsCluster, KubernetesClient,
 * KubernetesApiError), the extension points to supply clusters and to replace runbook implementations, the hand-off
 * of the official Kubernetes plugin's clusters, and the operations service.
 *
 * @packageDocumentation
 */

export * from './clusters';
export * from './extensions';
export * from './kubernetesAccess';
export * from './operations';
export * from './runbooks';
