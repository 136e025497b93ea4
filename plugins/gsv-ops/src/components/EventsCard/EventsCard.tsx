import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { EventView } from '@gsv/plugin-gsv-ops-common';
import { useShowAll } from '../../hooks/useShowAll';
import { sectionAnchor } from '../../lib/summary';
import { LevelStatus } from '../LevelStatus';
import { RelativeTime } from '../RelativeTime';
import { ShowAllButton } from '../ShowAllButton';

const useStyles = makeStyles(theme => ({
  item: {
    display: 'block',
    padding: theme.spacing(1.25, 2),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  top: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  secondary: { color: theme.palette.text.secondary },
  message: { marginTop: theme.spacing(0.5), overflowWrap: 'anywhere' },
}));

export interface EventsCardProps {
  /** Most recent first. */
  events: EventView[];
  limit?: number;
}

/** The recent Warning events of the service's objects, most recent first. */
export const EventsCard = ({ events, limit = 6 }: EventsCardProps) => {
  const classes = useStyles();
  const warnings = events.filter(e => e.type === 'Warning');
  const { shown, truncates, toggle } = useShowAll(warnings, limit);
  return (
    <div id={sectionAnchor('events')} style={{ height: '100%' }}>
      <InfoCard
        title="Warning events"
        subheader="Most recent first"
        noPadding
        variant="fullHeight"
      >
        {warnings.length === 0 ? (
          <Box p={2}>
            <LevelStatus level="ok">No warning events</LevelStatus>
          </Box>
        ) : (
          <>
            <List disablePadding aria-label="Warning events">
              {shown.map((event, index) => (
                <ListItem
                  key={`${event.involvedObject.kind}/${event.involvedObject.name}/${event.reason}/${index}`}
                  className={classes.item}
                  data-testid="event-row"
                >
                  <div className={classes.top}>
                    <LevelStatus level="warning" wrap>
                      <strong>{event.reason}</strong> ·{' '}
                      {event.involvedObject.kind} {event.involvedObject.name}
                    </LevelStatus>
                    <Typography variant="caption" className={classes.secondary}>
                      {event.count > 1 && `${event.count}× · last `}
                      <RelativeTime
                        value={event.lastTimestamp ?? event.firstTimestamp}
                      />
                    </Typography>
                  </div>
                  <Typography variant="body2" className={classes.message}>
                    {event.message}
                  </Typography>
                </ListItem>
              ))}
            </List>
            {truncates && (
              <Box px={1} py={0.5}>
                <ShowAllButton noun="events" {...toggle} />
              </Box>
            )}
          </>
        )}
      </InfoCard>
    </div>
  );
};
