import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import LockOutlined from '@material-ui/icons/LockOutlined';
import { gsvOpsProductionOperatePermission } from '@gsv/plugin-gsv-ops-common';

const useStyles = makeStyles(theme => ({
  note: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    marginTop: theme.spacing(1.5),
    color: theme.palette.text.secondary,
  },
  code: { fontFamily: 'monospace', fontSize: '0.95em' },
}));

export interface MissingPermissionsNoteProps {
  /** The runbook permissions the viewer lacks on this service. */
  missing: string[];
  /** The viewer lacks the production permission (it explains every greyed-out button in prod). */
  productionMissing: boolean;
  'data-testid'?: string;
}

/** Under a list of runbook buttons: why some are greyed out, and who holds the permission. */
export const MissingPermissionsNote = ({
  missing,
  productionMissing,
  'data-testid': testId,
}: MissingPermissionsNoteProps) => {
  const classes = useStyles();
  if (missing.length === 0 && !productionMissing) return null;
  return (
    <div className={classes.note} data-testid={testId}>
      <LockOutlined fontSize="small" aria-hidden />
      <Typography variant="body2">
        {productionMissing ? (
          <>
            Operating in production needs{' '}
            <span className={classes.code}>
              {gsvOpsProductionOperatePermission.name}
            </span>
            , which the platform team has.
          </>
        ) : (
          <>
            Greyed-out actions need{' '}
            {missing.map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <span className={classes.code}>{name}</span>
              </span>
            ))}{' '}
            on this service; its owners and the platform team have them.
          </>
        )}
      </Typography>
    </div>
  );
};
