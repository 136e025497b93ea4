import { ReactNode, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Popover from '@material-ui/core/Popover';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Code from '@material-ui/icons/Code';
import FileCopyOutlined from '@material-ui/icons/FileCopyOutlined';
import Alert from '@material-ui/lab/Alert';
import type {
  EntityMetricsView,
  Level,
  MetricView,
} from '@gsv/plugin-gsv-ops-common';
import { cx } from '../../lib/cx';
import {
  formatMetricValue,
  KEY_METRICS,
  metricError,
  thresholdsText,
} from '../../lib/metrics';
import { LevelStatus, levelColor } from '../LevelStatus';
import { Sparkline } from '../Sparkline';

const useStyles = makeStyles(theme => ({
  // the seven metrics in one row on wide screens, in even rows below
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: theme.spacing(1.5),
    [theme.breakpoints.up('sm')]: {
      gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    },
    [theme.breakpoints.up('md')]: {
      gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    },
    [theme.breakpoints.up('lg')]: {
      gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
    },
  },
  tile: {
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    minWidth: 0,
    padding: theme.spacing(1.25, 1.5, 1),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
  },
  muted: {
    borderStyle: 'dashed',
    color: theme.palette.text.secondary,
  },
  head: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(0.5),
    // two lines of title, so the values of all tiles line up
    minHeight: '2.7em',
  },
  title: {
    fontWeight: 500,
    lineHeight: 1.3,
    paddingTop: 2,
    color: theme.palette.text.secondary,
  },
  queryButton: { padding: 4, marginTop: -2, marginRight: -6 },
  value: {
    fontSize: '1.6rem',
    fontWeight: 500,
    lineHeight: 1.15,
    fontVariantNumeric: 'tabular-nums',
    whiteSpace: 'nowrap',
  },
  noData: {
    fontSize: '1.25rem',
    lineHeight: '1.85rem',
    fontWeight: 400,
    fontStyle: 'italic',
    color: theme.palette.text.secondary,
  },
  chart: { marginTop: theme.spacing(0.75) },
  thresholds: {
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  errors: { marginBottom: theme.spacing(2) },
  popover: { padding: theme.spacing(2), maxWidth: 560 },
  query: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: theme.spacing(1, 0),
    padding: theme.spacing(1, 1.5),
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    userSelect: 'all',
  },
  popoverActions: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
}));

/** A threshold for the tile's one-line caption: "80%", "1 s", "1,000". */
function compactValue(value: number, unit: MetricView['unit']): string {
  return (formatMetricValue(value, unit) ?? '').replace(' %', '%');
}

/** The words next to a metric's level icon. */
function levelText(metric: MetricView, failed: boolean): string {
  if (failed) return 'Unavailable';
  if (metric.value === undefined) return 'No data';
  switch (metric.level) {
    case 'critical':
      return 'Critical';
    case 'warning':
      return 'Warning';
    case 'ok':
      return metric.value > metric.thresholds.healthy ? 'Elevated' : 'Healthy';
    default:
      return 'Unknown';
  }
}

/** The PromQL of a metric, to copy into Grafana or Prometheus. */
const QueryButton = ({
  metric,
  cluster,
}: {
  metric: MetricView;
  cluster: string;
}) => {
  const classes = useStyles();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await window.navigator.clipboard?.writeText(metric.query);
      setCopied(true);
    } catch {
      // the query is selectable; copying by hand still works
    }
  };
  const id = `promql-${metric.id}`;
  return (
    <>
      <Tooltip title="Show the PromQL">
        <IconButton
          className={classes.queryButton}
          size="small"
          aria-label={`PromQL of ${metric.title}`}
          aria-haspopup="dialog"
          aria-controls={anchor ? id : undefined}
          onClick={event => {
            setCopied(false);
            setAnchor(event.currentTarget);
          }}
        >
          <Code fontSize="small" />
        </IconButton>
      </Tooltip>
      <Popover
        id={id}
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <div
          className={classes.popover}
          role="dialog"
          aria-label={`PromQL of ${metric.title}`}
        >
          <Typography variant="subtitle2">{metric.title}</Typography>
          <pre className={classes.query} data-testid="metric-query">
            {metric.query}
          </pre>
          <div className={classes.popoverActions}>
            <Typography variant="caption" color="textSecondary">
              Evaluated by the GSV Ops backend against the Prometheus of{' '}
              {cluster}; paste it into Grafana or Prometheus to look further.
            </Typography>
            <Button
              size="small"
              startIcon={<FileCopyOutlined fontSize="small" />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </div>
      </Popover>
    </>
  );
};

/** The coloured top edge of a tile; the level is also in the icon and the words below. */
const useAccentStyles = makeStyles(theme => ({
  accent: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: 3,
  },
  ok: { background: levelColor(theme, 'ok') },
  warning: { background: levelColor(theme, 'warning') },
  critical: { background: levelColor(theme, 'critical') },
  unknown: { background: levelColor(theme, 'unknown') },
}));

const TileAccent = ({ level }: { level: Level }) => {
  const classes = useAccentStyles();
  return <span className={cx(classes.accent, classes[level])} aria-hidden />;
};

const MetricTile = ({
  metric,
  error,
  cluster,
}: {
  metric: MetricView;
  error?: string;
  cluster: string;
}) => {
  const classes = useStyles();
  const formatted = formatMetricValue(metric.value, metric.unit);
  const thresholds = thresholdsText(metric.thresholds, metric.unit);
  const level: Level = metric.value === undefined ? 'unknown' : metric.level;
  return (
    <div
      className={classes.tile}
      data-testid="metric-tile"
      data-metric={metric.id}
      data-level={level}
    >
      <TileAccent level={level} />
      <div className={classes.head}>
        <Typography variant="body2" className={classes.title}>
          {metric.title}
        </Typography>
        <QueryButton metric={metric} cluster={cluster} />
      </div>
      <Tooltip title={`${metric.reason}. ${thresholds}.`}>
        <Typography
          component="div"
          className={cx(classes.value, !formatted && classes.noData)}
          data-testid="metric-value"
        >
          {formatted ?? (error ? 'Unavailable' : 'No data')}
        </Typography>
      </Tooltip>
      <LevelStatus
        level={level}
        title={error ? `Prometheus did not answer: ${error}` : metric.reason}
      >
        {levelText(metric, Boolean(error))}
      </LevelStatus>
      <div className={classes.chart}>
        <Sparkline
          series={metric.series}
          unit={metric.unit}
          level={level}
          thresholds={metric.thresholds}
          label={metric.title}
        />
      </div>
      <Tooltip title={thresholds}>
        <Typography
          variant="caption"
          className={classes.thresholds}
          data-testid="metric-thresholds"
        >
          warn {compactValue(metric.thresholds.warning, metric.unit)} · crit{' '}
          {compactValue(metric.thresholds.critical, metric.unit)}
        </Typography>
      </Tooltip>
    </div>
  );
};

/** A §1.2 metric the backend did not compute for this service, with what it would need. */
const NotMeasuredTile = ({
  title,
  needs,
}: {
  title: string;
  needs: string;
}) => {
  const classes = useStyles();
  return (
    <div
      className={cx(classes.tile, classes.muted)}
      data-testid="metric-tile"
      data-level="not-measured"
    >
      <div className={classes.head}>
        <Typography variant="body2" className={classes.title}>
          {title}
        </Typography>
      </div>
      <Typography component="div" className={cx(classes.value, classes.noData)}>
        Not measured
      </Typography>
      <Typography variant="caption">Needs {needs}.</Typography>
    </div>
  );
};

export interface KeyMetricsCardProps {
  view: EntityMetricsView;
  /** e.g. "as of 10 s ago", the refresh state. */
  freshness?: ReactNode;
}

/**
 * The ops guide's §1.2 key metrics of a service in one cluster: value, level (icon and words), the last hour as a
 * sparkline, thresholds, and the PromQL behind each. No data is shown as no data, never as 0. Prometheus and
 * configuration errors are shown above the metrics that still came through.
 */
export const KeyMetricsCard = ({ view, freshness }: KeyMetricsCardProps) => {
  const classes = useStyles();
  const byId = new Map(view.metrics.map(m => [m.id, m]));
  const known = new Set(KEY_METRICS.map(m => m.id));
  // Any metric the backend adds beyond the seven comes last.
  const extra = view.metrics.filter(m => !known.has(m.id));
  const problems = view.errors.filter(
    e => e.source === 'prometheus' || e.source === 'configuration',
  );
  return (
    <InfoCard
      title="Key metrics"
      subheader={
        // one element: the card lays its subheader out as flex items, which would drop the spaces between them
        <span>
          Ops guide §1.2 · {view.cluster} ({view.environment}) · last hour
          {freshness && (
            <>
              {' · '}
              {freshness}
            </>
          )}
        </span>
      }
    >
      {problems.length > 0 && (
        <Alert
          severity={
            problems.length >= view.metrics.length ? 'error' : 'warning'
          }
          className={classes.errors}
          data-testid="metrics-errors"
        >
          {problems.some(p => p.source === 'prometheus') && (
            <Typography variant="body2" component="div">
              <strong>Prometheus</strong> did not answer for some metrics; they
              show as unavailable, the others are current.
            </Typography>
          )}
          {problems.slice(0, 4).map((problem, i) => (
            <Typography key={i} variant="body2" component="div">
              {problem.source === 'configuration' ? 'Configuration: ' : ''}
              {problem.message}
            </Typography>
          ))}
          {problems.length > 4 && (
            <Typography variant="body2" component="div">
              … and {problems.length - 4} more
            </Typography>
          )}
        </Alert>
      )}
      <div className={classes.tiles} data-testid="key-metrics">
        {KEY_METRICS.map(({ id, title, needs }) => {
          const metric = byId.get(id);
          return metric ? (
            <MetricTile
              key={id}
              metric={metric}
              error={metricError(view, metric)}
              cluster={view.cluster}
            />
          ) : (
            <NotMeasuredTile key={id} title={title} needs={needs} />
          );
        })}
        {extra.map(metric => (
          <MetricTile
            key={metric.id}
            metric={metric}
            error={metricError(view, metric)}
            cluster={view.cluster}
          />
        ))}
      </div>
    </InfoCard>
  );
};
