export { OpsSkeleton } from './OpsSkeleton';
