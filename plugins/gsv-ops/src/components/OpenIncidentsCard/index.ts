export { OpenIncidentsCard } from './OpenIncidentsCard';
