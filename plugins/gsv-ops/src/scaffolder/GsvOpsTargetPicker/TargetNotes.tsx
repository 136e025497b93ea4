import type {
  ClusterError,
  RunbookTargetValue,
} from '@gsv/plugin-gsv-ops-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormHelperText from '@material-ui/core/FormHelperText';
import { backendErrorMessage } from '../../lib/errors';

/** The chosen target's cluster and environment, production highlighted. */
export const ClusterAndEnvironment = ({
  value,
  environment,
}: {
  value: RunbookTargetValue;
  environment?: string;
}) => (
  <Box
    mt={1}
    display="flex"
    style={{ gap: 8 }}
    aria-label="cluster and environment"
  >
    <Chip size="small" label={`Cluster: ${value.cluster}`} />
    <Chip
      size="small"
      color={environment === 'prod' ? 'secondary' : 'default'}
      label={`Environment: ${environment ?? 'unknown'}`}
    />
  </Box>
);

/**
 * What is wrong with the list or the choice: a chosen target that is not listed, no targets at all, clusters that
 * did not answer, or the list that could not be loaded (with a retry).
 */
export const TargetProblems = ({
  kind,
  value,
  notListed,
  none,
  clusterErrors,
  error,
  onRetry,
}: {
  kind?: string;
  value?: RunbookTargetValue;
  notListed: boolean;
  /** The list came and is empty. */
  none: boolean;
  clusterErrors?: ClusterError[];
  error?: Error;
  onRetry: () => void;
}) => (
  <>
    {notListed && (
      <FormHelperText error>
        {`${value?.name} in cluster ${value?.cluster} is not one of the entity’s ${kind} targets; the dry run will be refused.`}
      </FormHelperText>
    )}
    {none && (
      <FormHelperText
        error
      >{`The entity has no ${kind} targets in any cluster.`}</FormHelperText>
    )}
    {clusterErrors?.map(clusterError => (
      <FormHelperText key={clusterError.cluster} error>
        {`Cluster ${clusterError.cluster} did not answer (${clusterError.reason}): its targets are missing from the list.`}
      </FormHelperText>
    ))}
    {error && (
      <FormHelperText error>
        {`Could not list the targets: ${backendErrorMessage(error)} `}
        <Button size="small" onClick={onRetry}>
          Retry
        </Button>
      </FormHelperText>
    )}
  </>
);
