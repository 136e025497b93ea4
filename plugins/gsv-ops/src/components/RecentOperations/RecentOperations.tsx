import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { OperationRecord } from '@gsv/plugin-gsv-ops-common';
import { useRecentOperations } from '../../hooks/useRecentOperations';
import { ColumnHeading, TableHeader } from '../TableHeader';
import { OperationRow } from './OperationRow';

const useStyles = makeStyles(theme => ({
  table: {
    '& td, & th': { padding: theme.spacing(1, 1.5), verticalAlign: 'top' },
  },
  secondary: { color: theme.palette.text.secondary },
}));

const COLUMNS: ColumnHeading[] = [
  'Status',
  'Operation',
  'By',
  'Started',
  { title: 'Took', align: 'right' },
  'Result',
];

/** A sentence in place of the table: loading, failed or nothing yet. */
const Message = ({
  secondary,
  children,
}: {
  secondary?: boolean;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Box p={2}>
      <Typography
        variant="body2"
        className={secondary ? classes.secondary : undefined}
      >
        {children}
      </Typography>
    </Box>
  );
};

const OperationsTable = ({ items }: { items: OperationRecord[] }) => {
  const classes = useStyles();
  return (
    <Table className={classes.table} aria-label="Recent operations">
      <TableHeader columns={COLUMNS} />
      <TableBody>
        {items.map(op => (
          <OperationRow key={op.id} op={op} />
        ))}
      </TableBody>
    </Table>
  );
};

export interface RecentOperationsProps {
  entityRef: string;
  /** Refetch when this changes (the view's etag). */
  refreshKey?: string;
}

/** The latest runbook operations on the service: who ran what, where, how it ended. */
export const RecentOperations = ({
  entityRef,
  refreshKey,
}: RecentOperationsProps) => {
  const { items, error, loading } = useRecentOperations(entityRef, refreshKey, {
    limit: 8,
  });
  let content: JSX.Element;
  if (error) {
    content = (
      <Message secondary>
        The operations could not be loaded: {error.message}
      </Message>
    );
  } else if (loading) {
    content = <Message secondary>Loading…</Message>;
  } else if (!items || items.length === 0) {
    content = <Message>No runbook has been run on this service yet.</Message>;
  } else {
    content = <OperationsTable items={items} />;
  }
  return (
    <InfoCard
      title="Recent operations"
      subheader="Runbooks run on this service, newest first"
      noPadding
    >
      {content}
    </InfoCard>
  );
};
