export { RightSizingCard, RightSizingContent } from './RightSizingCard';
export { RightSizingStates } from './RightSizingStates';
export { ContainerTable } from './ContainerTable';
export { CompletedJobsList, UnusedPvcList } from './Leftovers';
