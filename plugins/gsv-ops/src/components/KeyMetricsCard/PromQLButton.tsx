import { useState } from 'react';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Popover from '@material-ui/core/Popover';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Code from '@material-ui/icons/Code';
import FileCopyOutlined from '@material-ui/icons/FileCopyOutlined';
import type { MetricView } from '@gsv/plugin-gsv-ops-common';

const useStyles = makeStyles(theme => ({
  queryButton: { padding: 4, marginTop: -2, marginRight: -6 },
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

/** Copies the query; says "Copied" once the clipboard took it. */
const CopyButton = ({
  copied,
  onCopy,
}: {
  copied: boolean;
  onCopy: () => void;
}) => (
  <Button
    size="small"
    startIcon={<FileCopyOutlined fontSize="small" />}
    onClick={onCopy}
  >
    {copied ? 'Copied' : 'Copy'}
  </Button>
);

/** The PromQL of a metric, to copy into Grafana or Prometheus. */
export const PromQLButton = ({
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
            <CopyButton copied={copied} onCopy={copy} />
          </div>
        </div>
      </Popover>
    </>
  );
};
