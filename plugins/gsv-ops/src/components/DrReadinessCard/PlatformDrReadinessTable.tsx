import { InfoCard, TableColumn } from '@backstage/core-components';
import Alert from '@material-ui/lab/Alert';
import type { DrReadinessLine } from '@gsv/plugin-gsv-ops-common';
import { usePlatformDrReadiness } from '../../hooks/useDrReadiness';
import { ClusterErrorLines } from '../ClusterErrorLines';
import { PlatformTable } from '../GsvPlatformHealthPage/PlatformTable';
import { ServiceLink } from '../GsvPlatformHealthPage/ServiceLink';
import { Caption } from '../Caption';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { DrReadinessState } from './DrReadinessCard';
import { DR_STATUS_LABELS, restorePointText, rpoText } from './drText';

type Row = DrReadinessLine & { id: string };

const TITLE = 'DR readiness';
const nowrap = { whiteSpace: 'nowrap' as const };
/** The blockers' sentences take the room the short columns leave. */
const wide = { minWidth: 240 };

const columns: TableColumn<Row>[] = [
  {
    title: 'Database',
    render: row => (
      <>
        <LevelStatus level={row.level}>
          {row.namespace}/{row.name}: {DR_STATUS_LABELS[row.status]}
        </LevelStatus>
        <Caption>
          {row.cluster} · {row.environment} ·{' '}
          <ServiceLink entityRef={row.entityRef} cluster={row.cluster} />
        </Caption>
      </>
    ),
  },
  {
    title: 'Restore to a point',
    cellStyle: nowrap,
    render: row => restorePointText(row),
  },
  {
    title: 'Data loss now (RPO)',
    cellStyle: nowrap,
    render: row => rpoText(row),
  },
  {
    title: 'Last backup',
    cellStyle: nowrap,
    render: row => (
      <RelativeTime value={row.lastSuccessfulBackupTime} fallback="None" />
    ),
  },
  {
    title: 'Last rehearsal',
    cellStyle: nowrap,
    render: row => (
      <RelativeTime value={row.lastRehearsal?.finishedAt} fallback="Never" />
    ),
  },
  {
    title: 'What blocks it',
    cellStyle: wide,
    render: row =>
      row.blockers.length === 0
        ? 'Nothing'
        : row.blockers.map(b => (
            <div key={b.id}>
              <LevelStatus level={b.level} wrap>
                {b.message}
              </LevelStatus>
            </div>
          )),
  },
];

/** The platform page's DR readiness: every database, worst first, each with what blocks its restore. */
export const PlatformDrReadinessTable = () => {
  const dr = usePlatformDrReadiness();
  if (!dr.value) {
    return (
      <InfoCard title={TITLE}>
        <DrReadinessState error={dr.error} retry={dr.retry} />
      </InfoCard>
    );
  }
  const data: Row[] = dr.value.items.map(line => ({
    ...line,
    id: `${line.cluster}/${line.namespace}/${line.name}`,
  }));
  return (
    <div data-testid="platform-dr-readiness">
      {dr.value.metricErrors.length > 0 && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          <ClusterErrorLines errors={dr.value.metricErrors} />
        </Alert>
      )}
      <PlatformTable<Row>
        testId="platform-dr-readiness-table"
        title={TITLE}
        subtitle="Ops guide §5.3: could each database be restored now, and at what loss; worst first"
        data={data}
        columns={columns}
        empty="Nothing to restore: no cluster has a CloudNativePG database."
      />
    </div>
  );
};
