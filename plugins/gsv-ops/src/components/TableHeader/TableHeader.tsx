import { ReactNode } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

/** A column heading: its words, or the words with an alignment or a class. */
export type ColumnHeading =
  | string
  | { title?: ReactNode; align?: 'right'; className?: string };

/** The header row of a plain table, one cell per heading. */
export const TableHeader = ({ columns }: { columns: ColumnHeading[] }) => (
  <TableHead>
    <TableRow>
      {columns.map((column, index) =>
        typeof column === 'string' ? (
          <TableCell key={index}>{column}</TableCell>
        ) : (
          <TableCell
            key={index}
            align={column.align}
            className={column.className}
          >
            {column.title}
          </TableCell>
        ),
      )}
    </TableRow>
  </TableHead>
);
