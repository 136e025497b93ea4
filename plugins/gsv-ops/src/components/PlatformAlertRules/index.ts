export { PlatformAlertRules } from './PlatformAlertRules';
