export { TableHeader } from './TableHeader';
export type { ColumnHeading } from './TableHeader';
