export { StorageCard, sortPvcs } from './StorageCard';
