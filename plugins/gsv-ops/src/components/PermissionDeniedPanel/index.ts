export { PermissionDeniedPanel } from './PermissionDeniedPanel';
