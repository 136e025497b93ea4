export { GsvPlatformHealthPage } from './GsvPlatformHealthPage';
