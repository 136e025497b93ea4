/**
 * `gsv-runbooks check`: checks GSV Ops runbook templates, statically and with dry runs against the embedded cluster
 * or a cluster of a kubeconfig.
 *
 * @packageDocumentation
 */

export { main } from './cli';
export { checkTemplates, type CheckTemplatesOptions } from './checkTemplates';
export { clusterFromKubeconfig, type TargetCluster } from './kubeconfigCluster';
