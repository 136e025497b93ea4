import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type {
  IncidentTimelineEntry,
  IncidentTimelineKind,
} from '@gsv/plugin-gsv-ops-common';
import { formatDateTime } from '../../lib/format';

const KIND_LABELS: Record<IncidentTimelineKind, string> = {
  declared: 'Declared',
  change: 'Change',
  note: 'Note',
  'alert-fired': 'Alert',
  'alert-resolved': 'Alert',
  'warning-event': 'Event',
  'operation-started': 'Operation',
  'operation-ended': 'Operation',
  approval: 'Approval',
  resolved: 'Resolved',
};

/** The incident's timeline, newest first (what on-call reads first), each entry with its time and source. */
export const IncidentTimeline = ({
  entries,
}: {
  entries: IncidentTimelineEntry[];
}) => {
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing happened yet since the declaration.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Incident timeline">
      {[...entries].reverse().map((entry, i) => (
        <ListItem key={`${entry.at}-${i}`} disableGutters>
          <ListItemText
            primary={
              <>
                <Typography variant="caption" color="textSecondary">
                  {formatDateTime(entry.at)} · {KIND_LABELS[entry.kind]}
                </Typography>{' '}
                {entry.link ? (
                  <Link href={entry.link} target="_blank" rel="noopener">
                    {entry.title}
                  </Link>
                ) : (
                  entry.title
                )}
              </>
            }
            secondary={entry.detail}
          />
        </ListItem>
      ))}
    </List>
  );
};
