export { ShowAllButton } from './ShowAllButton';
export type { ShowAllButtonProps } from './ShowAllButton';
