import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import LockOutlined from '@material-ui/icons/LockOutlined';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  icon: { fontSize: 120, color: theme.palette.text.disabled },
}));

export interface PermissionDeniedPanelProps {
  /** What the user tried to see, e.g. "the operations of agent-registry". */
  subject: string;
  /** The permission the backend checked, e.g. `gsv-ops.entity.read`. */
  permission: string;
  /** Who to ask, e.g. the owner of the entity. */
  owner?: string;
}

/** The backend answered 403: say what is missing and whom to ask, instead of an error dump. */
export const PermissionDeniedPanel = ({
  subject,
  permission,
  owner,
}: PermissionDeniedPanelProps) => {
  const classes = useStyles();
  return (
    <EmptyState
      missing={{
        customImage: <LockOutlined className={classes.icon} aria-hidden />,
      }}
      title={`You don't have access to ${subject}`}
      description={
        <Typography
          variant="body1"
          component="span"
          data-testid="permission-denied"
        >
          Seeing this needs the permission <code>{permission}</code>
          {owner ? (
            <>
              . Ask the owners (<code>{owner}</code>) or the platform team if
              you need it.
            </>
          ) : (
            <>. Ask the platform team if you need it.</>
          )}
        </Typography>
      }
    />
  );
};
