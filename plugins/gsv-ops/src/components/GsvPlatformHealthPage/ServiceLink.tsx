import { Link } from '@backstage/core-components';
import { useOpsTabLink } from '../../hooks/useOpsTabLink';
import { entityRefLabel } from '../../lib/entityRefs';
import { usePlatformStyles } from './styles';

/** Links a row to its service's Ops tab (on the row's cluster), or says that no catalog entity owns it. */
export const ServiceLink = ({
  entityRef,
  cluster,
}: {
  entityRef?: string;
  cluster: string;
}) => {
  const classes = usePlatformStyles();
  const opsTabLink = useOpsTabLink();
  if (!entityRef)
    return <span className={classes.secondary}>not in the catalog</span>;
  return (
    <Link to={opsTabLink(entityRef, cluster)} data-testid="service-link">
      {entityRefLabel(entityRef)}
    </Link>
  );
};
