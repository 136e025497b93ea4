export { BackupsCard, backupAgeText, backupLevel } from './BackupsCard';
