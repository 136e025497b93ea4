export { IncidentCard } from './IncidentCard';
export type { IncidentCardProps } from './IncidentCard';
export { IncidentRecordDialog } from './IncidentRecordDialog';
