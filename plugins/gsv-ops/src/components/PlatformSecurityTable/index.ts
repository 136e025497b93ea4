export { PlatformSecurityTable } from './PlatformSecurityTable';
