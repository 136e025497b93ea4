export { ClusterErrorLines, groupClusterErrors } from './ClusterErrorLines';
export type { ClusterErrorLike } from './ClusterErrorLines';
