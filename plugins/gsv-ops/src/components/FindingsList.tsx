import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import type { Finding } from '@gsv/plugin-gsv-ops-common';
import { LevelChip } from './LevelChip';

export const FindingsList = ({ findings }: { findings: Finding[] }) => (
  <List dense>
    {findings.map(finding => (
      <ListItem key={`${finding.code}:${finding.object?.namespace}/${finding.object?.name}:${finding.reason}`}>
        <ListItemIcon>
          <LevelChip level={finding.level} />
        </ListItemIcon>
        <ListItemText primary={finding.reason} secondary={finding.code} />
      </ListItem>
    ))}
  </List>
);
