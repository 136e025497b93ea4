export { OpsHeader } from './OpsHeader';
