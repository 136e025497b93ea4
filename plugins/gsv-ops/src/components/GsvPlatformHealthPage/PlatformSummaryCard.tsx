import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { PlatformHealthView } from '@gsv/plugin-gsv-ops-common';
import { PLATFORM_HEADLINES } from '../../lib/statusLevels';
import { describeFindings } from '../../lib/summary';
import { FindingsList } from '../FindingsList';
import { LevelStatus } from '../LevelStatus';
import { usePlatformStyles } from './styles';

const useStyles = makeStyles(theme => ({
  top: {
    display: 'flex',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  findings: { marginTop: theme.spacing(2) },
}));

/** The platform's headline (its worst level in words), what was found across how many clusters, and the findings. */
export const PlatformSummaryCard = ({
  view,
  freshness,
}: {
  view: PlatformHealthView;
  freshness: ReactNode;
}) => {
  const classes = { ...usePlatformStyles(), ...useStyles() };
  return (
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
  );
};
