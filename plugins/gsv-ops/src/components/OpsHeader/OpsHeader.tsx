import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ClusterOpsView, EntityOpsView } from '@gsv/plugin-gsv-ops-common';
import { describeFindings, summarizeCluster } from '../../lib/summary';
import { ClusterSwitch } from '../ClusterSwitch';
import { FindingsList } from '../FindingsList';
import { LevelStatus } from '../LevelStatus';
import { SectionTiles } from '../SectionTiles';

const useStyles = makeStyles(theme => ({
  top: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  headline: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  meta: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-end',
    gap: theme.spacing(1),
  },
  summary: { color: theme.palette.text.secondary },
  tiles: { marginTop: theme.spacing(2.5) },
  divider: { margin: theme.spacing(2, 0, 1) },
  findingsTitle: { fontWeight: 500, marginBottom: theme.spacing(0.5) },
  allClear: {
    color: theme.palette.text.secondary,
    marginTop: theme.spacing(2.5),
  },
}));

const HEADLINES = {
  ok: 'Healthy',
  warning: 'Needs attention',
  critical: 'Degraded',
  unknown: 'Status unknown',
} as const;

export interface OpsHeaderProps {
  view: EntityOpsView;
  cluster: ClusterOpsView;
  onSelectCluster: (name: string) => void;
  /** The live-update indicator ("Live · as of …"). */
  freshness: ReactNode;
}

/** The overall level of the shown cluster with its reasons, the cluster switch, freshness and section tiles. */
export const OpsHeader = ({
  view,
  cluster,
  onSelectCluster,
  freshness,
}: OpsHeaderProps) => {
  const classes = useStyles();
  const sections = summarizeCluster(cluster);
  return (
    <InfoCard variant="fullHeight">
      <div className={classes.top}>
        <div className={classes.headline}>
          <LevelStatus level={cluster.level} size="large">
            <span data-testid="ops-headline">{HEADLINES[cluster.level]}</span>
          </LevelStatus>
          <Typography variant="body2" className={classes.summary}>
            {describeFindings(cluster.findings)}
            {view.clusters.length > 1 && view.level !== cluster.level && (
              <>
                {' '}
                · across all clusters:{' '}
                {HEADLINES[view.level].toLocaleLowerCase('en-US')}
              </>
            )}
          </Typography>
        </div>
        <div className={classes.meta}>
          {freshness}
          <ClusterSwitch
            clusters={view.clusters}
            selected={cluster.cluster.name}
            onSelect={onSelectCluster}
          />
        </div>
      </div>
      {sections.length > 0 && (
        <div className={classes.tiles}>
          <SectionTiles sections={sections} />
        </div>
      )}
      {cluster.findings.length === 0 && (
        <Typography variant="body2" className={classes.allClear}>
          Everything GSV Ops watches for this service in {cluster.cluster.name}{' '}
          is healthy: workloads, certificates, backups, GitOps, secrets and
          storage.
        </Typography>
      )}
      {cluster.findings.length > 0 && (
        <>
          <Divider className={classes.divider} />
          <Typography variant="subtitle2" className={classes.findingsTitle}>
            Why
          </Typography>
          <FindingsList findings={cluster.findings} max={5} />
        </>
      )}
    </InfoCard>
  );
};
