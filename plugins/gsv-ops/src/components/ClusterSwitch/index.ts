export { ClusterSwitch } from './ClusterSwitch';
