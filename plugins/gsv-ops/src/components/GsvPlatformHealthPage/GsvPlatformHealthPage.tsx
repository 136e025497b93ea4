import { ReactNode } from 'react';
import {
  Content,
  ContentHeader,
  Header,
  HeaderLabel,
  InfoCard,
  Link,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ApplicationView,
  CertificateView,
  ClusterStatus,
  DatabaseView,
  EventView,
  gsvOpsPlatformReadPermission,
  Level,
  NodeView,
  PlatformHealthView,
  PlatformRow,
  PodView,
  PvcView,
  worstFirst,
} from '@gsv/plugin-gsv-ops-common';
import { usePlatformHealth } from '../../hooks/usePlatformHealth';
import { NowProvider, useCurrentTime } from '../../hooks/useCurrentTime';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { useRenderMark } from '../../hooks/useRenderMark';
import { isPermissionDenied } from '../../lib/errors';
import { formatAge, formatDateTime, shortRevision } from '../../lib/format';
import { describeFindings } from '../../lib/summary';
import {
  conditionLevel,
  PLATFORM_HEADLINES,
  readyText,
  walArchiving,
} from '../../lib/statusLevels';
import { dataAgeSeconds } from '../ClusterErrorPanel';
import { backupAgeText } from '../BackupsCard';
import { expiryLevel, expiryText } from '../CertificatesCard';
import { FindingsList } from '../FindingsList';
import { Freshness } from '../Freshness';
import { healthLevel, syncLevel } from '../GitOpsCard';
import { LevelStatus } from '../LevelStatus';
import { OpsSkeleton } from '../OpsSkeleton';
import { PermissionDeniedPanel } from '../PermissionDeniedPanel';
import { PlatformMetricsTable } from '../PlatformMetricsTable';
import { RelativeTime } from '../RelativeTime';
import { UsageBar } from '../UsageBar';

const useStyles = makeStyles(theme => ({
  secondary: { color: theme.palette.text.secondary },
  name: { fontWeight: 500 },
  mono: { fontFamily: 'monospace', fontSize: '0.85rem' },
  top: {
    display: 'flex',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  clusters: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  },
  findings: { marginTop: theme.spacing(2) },
}));

/** Short cells (statuses, counts, times) never wrap. */
const nowrap = { whiteSpace: 'nowrap' as const };

/** A row of a platform table: the row's object plus where it lives and which service owns it. */
type Row<T> = {
  id: string;
  cluster: string;
  environment: string;
  entityRef?: string;
  item: T;
};

const rows = <T extends { namespace?: string; name?: string }>(
  items: PlatformRow<T>[],
  key: (item: T) => string,
) =>
  items.map(
    (row): Row<T> => ({ id: `${row.cluster}/${key(row.item)}`, ...row }),
  );

/** Links a row to its service's Ops tab (on the row's cluster), or says that no catalog entity owns it. */
const ServiceLink = ({
  entityRef,
  cluster,
}: {
  entityRef?: string;
  cluster: string;
}) => {
  const classes = useStyles();
  const opsTabLink = useOpsTabLink();
  if (!entityRef)
    return <span className={classes.secondary}>not in the catalog</span>;
  let label = entityRef;
  try {
    label = humanizeEntityRef(parseEntityRef(entityRef), {
      defaultKind: 'component',
    });
  } catch {
    // keep the raw ref
  }
  return (
    <Link to={opsTabLink(entityRef, cluster)} data-testid="service-link">
      {label}
    </Link>
  );
};

const serviceColumn = <T,>(): TableColumn<Row<T>> => ({
  title: 'Service',
  field: 'entityRef',
  render: row => (
    <ServiceLink entityRef={row.entityRef} cluster={row.cluster} />
  ),
});

const clusterColumn = <T,>(): TableColumn<Row<T>> => ({
  title: 'Cluster',
  cellStyle: nowrap,
  field: 'cluster',
  render: row => (
    <>
      {row.cluster}
      <Typography variant="caption" component="div" color="textSecondary">
        {row.environment}
      </Typography>
    </>
  ),
});

const Name = ({
  name,
  namespace,
  extra,
}: {
  name: string;
  namespace?: string;
  extra?: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2" className={classes.name}>
        {name}
      </Typography>
      <Typography
        variant="caption"
        component="div"
        className={classes.secondary}
      >
        {[namespace, extra].filter(Boolean).map((part, i) => (
          <span key={i}>
            {i > 0 && ' · '}
            {part}
          </span>
        ))}
      </Typography>
    </>
  );
};

/** "showing the first 500 of 1 204" when the backend cut a section. */
const truncation = (
  view: PlatformHealthView,
  key: keyof NonNullable<PlatformHealthView['truncated']>,
  shown: number,
) => {
  const total = view.truncated?.[key];
  return total !== undefined && total > shown
    ? `showing the first ${shown} of ${total}`
    : undefined;
};

const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
  draggable: false,
  toolbar: true,
  // size columns by their content: statuses stay on one line, messages take the room
  tableLayout: 'auto' as const,
};

const PlatformTable = <T extends object>({
  title,
  subtitle,
  data,
  columns,
  empty,
  testId,
}: {
  title: string;
  subtitle?: string;
  data: T[];
  columns: TableColumn<T>[];
  empty: string;
  testId: string;
}) => (
  <div data-testid={testId}>
    <Table<T>
      title={title}
      subtitle={subtitle}
      options={{
        ...tableOptions,
        paging: data.length > 15,
        pageSize: 15,
        pageSizeOptions: [15, 50, 100],
      }}
      columns={columns}
      data={data}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          <LevelStatus level="ok">{empty}</LevelStatus>
        </Typography>
      }
    />
  </div>
);

const clusterLevel = (cluster: ClusterStatus): Level => {
  if (cluster.error) return 'critical';
  return cluster.synced ? 'ok' : 'unknown';
};

const clusterText = (cluster: ClusterStatus, now: number): string => {
  if (cluster.error)
    return `${cluster.error.reason} since ${formatDateTime(
      cluster.error.since,
    )}: ${cluster.error.message}`;
  if (!cluster.synced) return 'still listing objects';
  return `in sync, last answer ${
    formatAge(dataAgeSeconds(cluster, now)) ?? 'just now'
  }`;
};

const ClusterList = ({ clusters }: { clusters: ClusterStatus[] }) => {
  const classes = useStyles();
  const now = useCurrentTime();
  return (
    <div className={classes.clusters} aria-label="Clusters">
      {clusters.map(cluster => (
        <div key={cluster.name} data-testid="cluster-status">
          <LevelStatus level={clusterLevel(cluster)} size="medium">
            {cluster.title ?? cluster.name} ({cluster.environment})
          </LevelStatus>
          <Typography
            variant="caption"
            component="div"
            className={classes.secondary}
          >
            {clusterText(cluster, now)}
          </Typography>
        </div>
      ))}
    </div>
  );
};

const NodesTable = ({ view }: { view: PlatformHealthView }) => {
  const classes = useStyles();
  const data = view.nodes
    .map(node => ({ id: `${node.cluster}/${node.name}`, node }))
    .sort(
      worstFirst(
        row => row.node.level,
        (a, b) => a.id.localeCompare(b.id),
      ),
    );
  const nodeText = (node: NodeView) => {
    if (!node.ready) return 'NotReady';
    const pressure = node.conditions
      .filter(c => c.type !== 'Ready' && c.status === 'True')
      .map(c => c.type);
    return pressure.length > 0 ? pressure.join(', ') : 'Ready';
  };
  return (
    <PlatformTable
      testId="nodes"
      title="Nodes"
      subtitle="kubectl get nodes"
      data={data}
      empty="No nodes reported"
      columns={[
        {
          title: 'Status',
          cellStyle: nowrap,
          render: ({ node }) => (
            <LevelStatus level={node.level}>{nodeText(node)}</LevelStatus>
          ),
        },
        {
          title: 'Node',
          render: ({ node }) => (
            <Name name={node.name} extra={node.roles.join(', ')} />
          ),
        },
        {
          title: 'Cluster',
          cellStyle: nowrap,
          render: ({ node }) => node.cluster,
        },
        {
          title: 'CPU',
          cellStyle: nowrap,
          render: ({ node }) =>
            node.cpuUsage ?? <span className={classes.secondary}>unknown</span>,
        },
        {
          title: 'Memory',
          cellStyle: nowrap,
          render: ({ node }) =>
            node.memoryUsage ?? (
              <span className={classes.secondary}>unknown</span>
            ),
        },
        {
          title: 'Kubelet',
          cellStyle: nowrap,
          render: ({ node }) => (
            <span className={classes.mono}>{node.kubeletVersion ?? '—'}</span>
          ),
        },
      ]}
    />
  );
};

const PodsTable = ({ view }: { view: PlatformHealthView }) => {
  const data = rows<PodView>(
    view.nonRunningPods,
    p => `${p.namespace}/${p.name}`,
  ).sort(
    worstFirst(
      row => row.item.level,
      (a, b) => a.id.localeCompare(b.id),
    ),
  );
  return (
    <PlatformTable<Row<PodView>>
      testId="non-running-pods"
      title="Pods not running"
      subtitle={
        truncation(view, 'nonRunningPods', data.length) ??
        'Every pod that is neither Running nor Completed'
      }
      data={data}
      empty="All pods are running"
      columns={[
        {
          title: 'Status',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus level={row.item.level}>{row.item.status}</LevelStatus>
          ),
        },
        {
          title: 'Pod',
          width: '30%',
          render: row => (
            <Name
              name={row.item.name}
              namespace={row.item.namespace}
              extra={row.item.nodeName}
            />
          ),
        },
        clusterColumn(),
        serviceColumn(),
        {
          title: 'Ready',
          cellStyle: nowrap,
          render: row =>
            `${row.item.readyContainers}/${row.item.totalContainers}`,
        },
        {
          title: 'Restarts',
          cellStyle: nowrap,
          render: row => row.item.restarts,
          align: 'right',
        },
        {
          title: 'Age',
          cellStyle: nowrap,
          render: row => <RelativeTime value={row.item.createdAt} />,
        },
      ]}
    />
  );
};

const ApplicationsTable = ({ view }: { view: PlatformHealthView }) => {
  const classes = useStyles();
  const data = rows<ApplicationView>(
    view.applications.filter(
      a =>
        a.item.level !== 'ok' ||
        a.item.syncStatus !== 'Synced' ||
        a.item.healthStatus !== 'Healthy',
    ),
    a => `${a.namespace}/${a.name}`,
  ).sort(
    worstFirst(
      row => row.item.level,
      (a, b) => a.id.localeCompare(b.id),
    ),
  );
  return (
    <PlatformTable<Row<ApplicationView>>
      testId="applications"
      title="Argo CD applications out of sync or unhealthy"
      data={data}
      empty="All applications are synced and healthy"
      columns={[
        {
          title: 'Application',
          render: row => (
            <Name name={row.item.name} namespace={row.item.project} />
          ),
        },
        {
          title: 'Sync',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus level={syncLevel(row.item.syncStatus)}>
              {row.item.syncStatus}
            </LevelStatus>
          ),
        },
        {
          title: 'Health',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus
              level={healthLevel(row.item.healthStatus)}
              title={row.item.healthMessage}
            >
              {row.item.healthStatus}
            </LevelStatus>
          ),
        },
        {
          title: 'Revision',
          cellStyle: nowrap,
          render: row => (
            <span className={classes.mono}>
              {shortRevision(row.item.revision) ?? '—'}
            </span>
          ),
        },
        serviceColumn(),
      ]}
    />
  );
};

const CertificatesTable = ({ view }: { view: PlatformHealthView }) => {
  // The backend sends soonest expiry first; keep its order.
  const data = rows<CertificateView>(
    view.certificates,
    c => `${c.namespace}/${c.name}`,
  );
  return (
    <PlatformTable<Row<CertificateView>>
      testId="certificates"
      title="Certificates by expiry"
      subtitle={
        truncation(view, 'certificates', data.length) ?? 'Soonest first'
      }
      data={data}
      empty="No certificates"
      columns={[
        {
          title: 'Expires',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus level={expiryLevel(row.item)}>
              {expiryText(row.item)}
            </LevelStatus>
          ),
        },
        {
          title: 'Certificate',
          render: row => (
            <Name
              name={row.item.name}
              namespace={row.item.namespace}
              extra={row.cluster}
            />
          ),
        },
        {
          title: 'Ready',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus level={conditionLevel(row.item.ready)}>
              {row.item.ready === 'True'
                ? 'Ready'
                : row.item.readyReason ?? readyText(row.item.ready)}
            </LevelStatus>
          ),
        },
        serviceColumn(),
      ]}
    />
  );
};

const PvcsTable = ({ view }: { view: PlatformHealthView }) => {
  // The backend sends the fullest first; keep its order.
  const data = rows<PvcView>(view.pvcs, p => `${p.namespace}/${p.name}`);
  return (
    <PlatformTable<Row<PvcView>>
      testId="pvcs"
      title="Volumes by usage"
      subtitle={truncation(view, 'pvcs', data.length) ?? 'Fullest first'}
      data={data}
      empty="No persistent volumes"
      columns={[
        {
          title: 'Usage',
          render: row => (
            <UsageBar
              usedBytes={row.item.usedBytes}
              capacityBytes={row.item.capacityBytes}
              usedRatio={row.item.usedRatio}
              level={row.item.level}
            />
          ),
        },
        {
          title: 'Volume',
          render: row => (
            <Name
              name={row.item.name}
              namespace={row.item.namespace}
              extra={row.cluster}
            />
          ),
        },
        serviceColumn(),
      ]}
    />
  );
};

const DatabasesTable = ({ view }: { view: PlatformHealthView }) => {
  const data = rows<DatabaseView>(
    view.databases,
    d => `${d.namespace}/${d.name}`,
  ).sort(
    worstFirst(
      row => row.item.level,
      (a, b) => a.id.localeCompare(b.id),
    ),
  );
  return (
    <PlatformTable<Row<DatabaseView>>
      testId="databases"
      title="Databases and backups"
      data={data}
      empty="No databases"
      columns={[
        {
          title: 'Status',
          cellStyle: nowrap,
          render: row => <LevelStatus level={row.item.level} />,
        },
        {
          title: 'Database',
          render: row => (
            <Name
              name={row.item.name}
              namespace={row.item.namespace}
              extra={row.cluster}
            />
          ),
        },
        {
          title: 'Instances',
          cellStyle: nowrap,
          render: row =>
            `${row.item.readyInstances}/${row.item.instances} ready`,
        },
        {
          title: 'Last backup',
          render: row => backupAgeText(row.item) ?? 'none',
        },
        {
          title: 'WAL archiving',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus
              level={walArchiving(row.item.walArchiving.status).level}
            >
              {walArchiving(row.item.walArchiving.status).text}
            </LevelStatus>
          ),
        },
        serviceColumn(),
      ]}
    />
  );
};

const EventsTable = ({ view }: { view: PlatformHealthView }) => {
  const data = rows<EventView>(
    view.warningEvents,
    e =>
      `${e.namespace}/${e.involvedObject.kind}/${e.involvedObject.name}/${e.reason}/${e.lastTimestamp}`,
  );
  return (
    <PlatformTable<Row<EventView>>
      testId="warning-events"
      title="Recent warnings"
      subtitle={
        truncation(view, 'warningEvents', data.length) ?? 'Most recent first'
      }
      data={data}
      empty="No warning events"
      columns={[
        {
          title: 'Last seen',
          cellStyle: nowrap,
          render: row => (
            <RelativeTime
              value={row.item.lastTimestamp ?? row.item.firstTimestamp}
            />
          ),
        },
        {
          title: 'Reason',
          cellStyle: nowrap,
          render: row => (
            <LevelStatus level="warning">{row.item.reason}</LevelStatus>
          ),
        },
        {
          title: 'Object',
          render: row => (
            <Name
              name={`${row.item.involvedObject.kind} ${row.item.involvedObject.name}`}
              namespace={row.item.namespace}
              extra={row.cluster}
            />
          ),
        },
        {
          title: 'Message',
          width: '40%',
          render: row => row.item.message,
          cellStyle: { overflowWrap: 'anywhere' },
        },
        {
          title: 'Count',
          cellStyle: nowrap,
          render: row => row.item.count,
          align: 'right',
        },
        serviceColumn(),
      ]}
    />
  );
};

const PlatformContent = ({
  view,
  freshness,
}: {
  view: PlatformHealthView;
  freshness: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Grid container spacing={3}>
      {view.errors.length > 0 && (
        <Grid item xs={12}>
          {view.errors.map(error => (
            <WarningPanel
              key={error.cluster}
              severity="error"
              title={`Cluster ${error.cluster} is not answering (${error.reason}): its rows below are the last known state`}
              message={`Failing since ${
                formatDateTime(error.since) ?? error.since
              }. ${error.message}`}
            />
          ))}
        </Grid>
      )}
      <Grid item xs={12} md={8}>
        <InfoCard>
          <div className={classes.top}>
            <div>
              <LevelStatus level={view.level} size="large">
                <span data-testid="platform-headline">
                  {PLATFORM_HEADLINES[view.level]}
                </span>
              </LevelStatus>
              <Typography variant="body2" className={classes.secondary}>
                {describeFindings(view.findings)} across {view.clusters.length}{' '}
                {view.clusters.length === 1 ? 'cluster' : 'clusters'}
              </Typography>
            </div>
            {freshness}
          </div>
          <div className={classes.findings}>
            <FindingsList
              findings={view.findings}
              max={6}
              emptyText="Nothing needs attention this morning."
            />
          </div>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Clusters" variant="fullHeight">
          <ClusterList clusters={view.clusters} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <PlatformMetricsTable />
      </Grid>
      <Grid item xs={12}>
        <NodesTable view={view} />
      </Grid>
      <Grid item xs={12}>
        <PodsTable view={view} />
      </Grid>
      <Grid item xs={12}>
        <ApplicationsTable view={view} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <CertificatesTable view={view} />
      </Grid>
      <Grid item xs={12} lg={6}>
        <PvcsTable view={view} />
      </Grid>
      <Grid item xs={12}>
        <DatabasesTable view={view} />
      </Grid>
      <Grid item xs={12}>
        <EventsTable view={view} />
      </Grid>
    </Grid>
  );
};

/**
 * The ops guide's morning health check (§1.1) across clusters, live, with the key metrics of every service (§1.2);
 * each row links to its service's Ops tab.
 */
export const GsvPlatformHealthPage = () => {
  const live = usePlatformHealth();
  useRenderMark('gsv-ops:platform-rendered', Boolean(live.value));
  let body: ReactNode;
  if (live.error && isPermissionDenied(live.error)) {
    body = (
      <PermissionDeniedPanel
        subject="the platform health page"
        permission={gsvOpsPlatformReadPermission.name}
      />
    );
  } else if (!live.value) {
    body = live.error ? (
      <>
        <ResponseErrorPanel
          error={live.error}
          title="Could not load the platform health"
        />
        <Button
          color="primary"
          variant="outlined"
          onClick={live.retry}
          style={{ marginTop: 16 }}
        >
          Try again
        </Button>
      </>
    ) : (
      <OpsSkeleton />
    );
  } else {
    body = (
      <PlatformContent
        view={live.value}
        freshness={
          <Freshness
            status={live.status}
            checkedAt={live.checkedAt}
            generatedAt={live.value.generatedAt}
            error={live.error}
            onRetry={live.retry}
          />
        }
      />
    );
  }
  return (
    <NowProvider>
      <Page themeId="tool">
        <Header
          title="Platform health"
          subtitle="The morning health check across every cluster"
        >
          {live.value && (
            <HeaderLabel
              label="Clusters"
              value={live.value.clusters.map(c => c.name).join(', ') || 'none'}
            />
          )}
        </Header>
        <Content>
          <ContentHeader title="Daily health check">
            <Typography variant="body2" color="textSecondary">
              Key metrics per service (§1.2), nodes, failing pods, GitOps,
              certificates, volumes, backups and warnings — ops guide §1.1
            </Typography>
          </ContentHeader>
          {body}
        </Content>
      </Page>
    </NowProvider>
  );
};
