export { MaintenanceCard } from './MaintenanceCard';
