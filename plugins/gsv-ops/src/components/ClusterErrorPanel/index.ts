export { ClusterErrorPanel, dataAgeSeconds } from './ClusterErrorPanel';
