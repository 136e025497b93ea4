import { fireEvent, render, screen } from '@testing-library/react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { usePagedRows } from './TablePager';

const Numbers = ({ count }: { count: number }) => {
  const { rows, footer } = usePagedRows(
    Array.from({ length: count }, (_, i) => i + 1),
    1,
  );
  return (
    <Table>
      <TableBody>
        {rows.map(n => (
          <TableRow key={n} data-testid="row">
            <TableCell>{n}</TableCell>
          </TableRow>
        ))}
      </TableBody>
      {footer}
    </Table>
  );
};

describe('usePagedRows', () => {
  it('shows every row without a pager when one page holds them', () => {
    render(<Numbers count={15} />);
    expect(screen.getAllByTestId('row')).toHaveLength(15);
    expect(screen.queryByRole('button', { name: /next page/i })).toBeNull();
  });

  it('pages 650 rows 15 at a time, and 100 at a time when asked', () => {
    const { rerender } = render(<Numbers count={650} />);
    expect(screen.getAllByTestId('row')).toHaveLength(15);
    expect(screen.getByText('1-15 of 650')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(screen.getAllByTestId('row')[0]).toHaveTextContent('16');
    fireEvent.mouseDown(screen.getByRole('button', { name: /rows per page/i }));
    fireEvent.click(screen.getByRole('option', { name: '100' }));
    expect(screen.getAllByTestId('row')).toHaveLength(100);
    expect(screen.getAllByTestId('row')[0]).toHaveTextContent('1');
    // on the last page, the rows shrink under it: the last page that exists is shown
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    rerender(<Numbers count={120} />);
    expect(screen.getAllByTestId('row')).toHaveLength(20);
    expect(screen.getAllByTestId('row')[0]).toHaveTextContent('101');
  });
});
