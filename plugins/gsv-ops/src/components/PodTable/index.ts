export { PodTable, sortPods } from './PodTable';
