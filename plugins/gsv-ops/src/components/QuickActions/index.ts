export { QuickActions } from './QuickActions';
