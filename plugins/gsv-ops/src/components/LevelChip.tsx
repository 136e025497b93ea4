import Chip from '@material-ui/core/Chip';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Error from '@material-ui/icons/Error';
import HelpOutline from '@material-ui/icons/HelpOutline';
import Warning from '@material-ui/icons/Warning';
import type { Level } from '@gsv/plugin-gsv-ops-common';

const presentation: Record<Level, { label: string; icon: JSX.Element; color: 'primary' | 'secondary' | 'default' }> = {
  ok: { label: 'Healthy', icon: <CheckCircle />, color: 'primary' },
  warning: { label: 'Warning', icon: <Warning />, color: 'default' },
  critical: { label: 'Critical', icon: <Error />, color: 'secondary' },
  unknown: { label: 'Unknown', icon: <HelpOutline />, color: 'default' },
};

/** A level shown with an icon and a word, never by colour alone. */
export const LevelChip = ({ level }: { level: Level }) => {
  const { label, icon, color } = presentation[level];
  return <Chip size="small" icon={icon} label={label} color={color} />;
};
