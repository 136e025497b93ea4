import { ReactNode, useState } from 'react';
import TableFooter from '@material-ui/core/TableFooter';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';

const PAGE_SIZES = [15, 50, 100];

/**
 * Pages the rows of a plain Material UI table (the platform page's tables at fleet size hold hundreds of rows):
 * `rows` is the current page, `footer` the pager to put after the table body, nothing when one page holds them all.
 */
export function usePagedRows<T>(
  all: T[],
  columns: number,
): { rows: T[]; footer: ReactNode } {
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const [page, setPage] = useState(0);
  if (all.length <= PAGE_SIZES[0]) return { rows: all, footer: null };
  // the rows may have shrunk under the current page (a live view)
  const lastPage = Math.max(0, Math.ceil(all.length / pageSize) - 1);
  const current = Math.min(page, lastPage);
  return {
    rows: all.slice(current * pageSize, (current + 1) * pageSize),
    footer: (
      <TableFooter>
        <TableRow>
          <TablePagination
            count={all.length}
            page={current}
            rowsPerPage={pageSize}
            rowsPerPageOptions={PAGE_SIZES}
            colSpan={columns}
            onPageChange={(_, next) => setPage(next)}
            onRowsPerPageChange={event => {
              setPageSize(Number(event.target.value));
              setPage(0);
            }}
          />
        </TableRow>
      </TableFooter>
    ),
  };
}
