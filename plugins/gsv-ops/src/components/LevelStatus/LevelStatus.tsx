import { ReactNode } from 'react';
import { makeStyles, Theme } from '@material-ui/core/styles';
import Tooltip from '@material-ui/core/Tooltip';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpOutline from '@material-ui/icons/HelpOutline';
import Warning from '@material-ui/icons/Warning';
import { cx } from '../../lib/cx';
import type { Level } from '@gsv/plugin-gsv-ops-common';
import { LEVEL_LABELS } from '../../lib/levels';

/** The colour of a level in the current theme (light or dark). Always paired with an icon shape and a word. */
export function levelColor(theme: Theme, level: Level): string {
  switch (level) {
    case 'ok':
      return theme.palette.status.ok;
    case 'warning':
      return theme.palette.status.warning;
    case 'critical':
      return theme.palette.status.error;
    default:
      return theme.palette.status.aborted;
  }
}

/** A distinct shape per level, so the icon reads without colour: circle-check, triangle, circle-bang, question. */
export const LEVEL_ICONS: Record<Level, typeof CheckCircle> = {
  ok: CheckCircle,
  warning: Warning,
  critical: ErrorIcon,
  unknown: HelpOutline,
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.75),
    verticalAlign: 'middle',
    lineHeight: 1.3,
    minWidth: 0,
  },
  small: { fontSize: theme.typography.body2.fontSize },
  medium: { fontSize: theme.typography.body1.fontSize },
  large: {
    fontSize: theme.typography.h5.fontSize,
    fontWeight: theme.typography.fontWeightMedium as number,
    gap: theme.spacing(1),
  },
  icon: { flexShrink: 0, fontSize: '1.25em' },
  ok: { color: theme.palette.status.ok },
  warning: { color: theme.palette.status.warning },
  critical: { color: theme.palette.status.error },
  unknown: { color: theme.palette.status.aborted },
  label: { minWidth: 0 },
  nowrap: { whiteSpace: 'nowrap' },
}));

export interface LevelStatusProps {
  level: Level;
  /** The words next to the icon; defaults to the level's name ("Healthy", "Warning", …). */
  children?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  /** Shown on hover, e.g. the reason behind the level. */
  title?: ReactNode;
  className?: string;
  /** Let long text wrap (findings, messages); short statuses stay on one line. */
  wrap?: boolean;
}

/** A level as icon + text (never colour alone). The icon is decorative; the text carries the meaning. */
export const LevelStatus = ({
  level,
  children,
  size = 'small',
  title,
  className,
  wrap,
}: LevelStatusProps) => {
  const classes = useStyles();
  const Icon = LEVEL_ICONS[level] ?? HelpOutline;
  const content = (
    <span
      className={cx(
        classes.root,
        classes[size],
        !wrap && classes.nowrap,
        className,
      )}
      data-level={level}
      data-testid="level-status"
    >
      <Icon
        className={cx(classes.icon, classes[level])}
        aria-hidden
        focusable={false}
      />
      <span className={classes.label}>{children ?? LEVEL_LABELS[level]}</span>
    </span>
  );
  return title ? (
    <Tooltip title={title} placement="top-start">
      {content}
    </Tooltip>
  ) : (
    content
  );
};
