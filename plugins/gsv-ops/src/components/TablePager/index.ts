export { usePagedRows } from './TablePager';
