export { AlertsCard, sortAlerts } from './AlertsCard';
export type { AlertsCardProps } from './AlertsCard';
