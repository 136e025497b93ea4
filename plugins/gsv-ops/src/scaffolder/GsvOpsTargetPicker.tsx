import { useEffect, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { OpsTarget } from '@gsv/plugin-gsv-ops-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { gsvOpsApiRef } from '../api/GsvOpsApi';
import type {
  RunbookFormData,
  RunbookTargetValue,
  TargetPickerUiOptions,
} from './runbookForm';

function targetKey(target: {
  cluster: string;
  namespace?: string;
  name: string;
}): string {
  return `${target.cluster}/${target.namespace ?? ''}/${target.name}`;
}

function targetLabel(target: OpsTarget): string {
  const name = target.namespace
    ? `${target.namespace}/${target.name}`
    : target.name;
  return `${name} — ${target.cluster} (${target.environment})${
    target.description ? ` · ${target.description}` : ''
  }`;
}

function errorMessage(error: Error): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return body?.error?.message ?? error.message;
}

/**
 * Lists the entity's objects of one kind (deployments, databases, certificates, secrets, applications, namespaces)
 * from the gsv-ops picker endpoint, across clusters, and shows the cluster and environment of the chosen one.
 */
export const GsvOpsTargetPicker = (
  props: FieldExtensionComponentProps<
    RunbookTargetValue,
    TargetPickerUiOptions
  >,
) => {
  const {
    formData,
    onChange,
    uiSchema,
    schema,
    rawErrors,
    required,
    idSchema,
    formContext,
    disabled,
  } = props;
  const options = uiSchema?.['ui:options'];
  const kind = options?.kind;
  const form = (formContext?.formData ?? {}) as RunbookFormData & {
    cluster?: string;
  };
  const entityRef = form.entityRef;
  const api = useApi(gsvOpsApiRef);

  const targets = useAsyncRetry(async () => {
    if (!entityRef || !kind) return undefined;
    return api.listTargets(entityRef, kind);
  }, [api, entityRef, kind]);

  // A prefill in the action-input shape ({ cluster, parameters: { namespace, <targetParameter> } }) becomes the target.
  const legacyParameters = form.parameters ?? {};
  const legacyName = options?.targetParameter
    ? legacyParameters[options.targetParameter]
    : undefined;
  useEffect(() => {
    if (
      !formData?.name &&
      typeof form.cluster === 'string' &&
      typeof legacyName === 'string' &&
      legacyName
    ) {
      // a namespace target (workload clean-up) is named by the namespace parameter itself
      const namespace =
        options?.targetParameter === 'namespace'
          ? undefined
          : legacyParameters.namespace;
      onChange({
        cluster: form.cluster,
        name: legacyName,
        ...(typeof namespace === 'string' && namespace ? { namespace } : {}),
      });
    }
    // only when the prefill arrives
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.cluster, legacyName]);

  const items = useMemo(() => targets.value?.items ?? [], [targets.value]);
  const selected = formData?.name
    ? items.find(item => targetKey(item) === targetKey(formData))
    : undefined;

  // Complete a prefilled target with its environment once the list is known.
  useEffect(() => {
    if (selected && formData && formData.environment !== selected.environment) {
      onChange({ ...formData, environment: selected.environment });
    }
  }, [selected, formData, onChange]);

  const select = (key: string) => {
    const item = items.find(candidate => targetKey(candidate) === key);
    onChange(
      item
        ? {
            cluster: item.cluster,
            environment: item.environment,
            ...(item.namespace ? { namespace: item.namespace } : {}),
            name: item.name,
          }
        : undefined,
    );
  };

  const title = schema.title ?? 'Target';
  const id = idSchema?.$id ?? 'gsv-ops-target';
  const notListed = Boolean(formData?.name && targets.value && !selected);
  const environment = selected?.environment ?? formData?.environment;

  return (
    <FormControl
      margin="normal"
      required={required}
      error={Boolean(rawErrors?.length)}
      fullWidth
    >
      {!entityRef ? (
        <Typography variant="body2" color="textSecondary">
          {title}: choose the entity first.
        </Typography>
      ) : (
        <>
          <TextField
            id={id}
            select
            label={title}
            value={formData?.name ? targetKey(formData) : ''}
            onChange={event => select(event.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            required={required}
            disabled={disabled || targets.loading}
            error={Boolean(rawErrors?.length) || notListed}
            variant="outlined"
          >
            <option value="">
              {targets.loading ? 'Loading…' : `Choose one of ${items.length}`}
            </option>
            {notListed && formData && (
              <option value={targetKey(formData)}>
                {`${formData.namespace ? `${formData.namespace}/` : ''}${
                  formData.name
                } — ${formData.cluster} (not found)`}
              </option>
            )}
            {items.map(item => (
              <option key={targetKey(item)} value={targetKey(item)}>
                {targetLabel(item)}
              </option>
            ))}
          </TextField>
          {targets.loading && <LinearProgress />}
        </>
      )}
      {formData?.name && (
        <Box
          mt={1}
          display="flex"
          style={{ gap: 8 }}
          aria-label="cluster and environment"
        >
          <Chip size="small" label={`Cluster: ${formData.cluster}`} />
          <Chip
            size="small"
            color={environment === 'prod' ? 'secondary' : 'default'}
            label={`Environment: ${environment ?? 'unknown'}`}
          />
        </Box>
      )}
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {notListed && (
        <FormHelperText error>
          {`${formData?.name} in cluster ${formData?.cluster} is not one of the entity’s ${kind} targets; the dry run will be refused.`}
        </FormHelperText>
      )}
      {targets.value && items.length === 0 && (
        <FormHelperText
          error
        >{`The entity has no ${kind} targets in any cluster.`}</FormHelperText>
      )}
      {targets.value?.errors?.map(clusterError => (
        <FormHelperText key={clusterError.cluster} error>
          {`Cluster ${clusterError.cluster} did not answer (${clusterError.reason}): its targets are missing from the list.`}
        </FormHelperText>
      ))}
      {targets.error && (
        <FormHelperText error>
          {`Could not list the targets: ${errorMessage(targets.error)} `}
          <Button size="small" onClick={targets.retry}>
            Retry
          </Button>
        </FormHelperText>
      )}
      {/* the errors themselves (rawErrors) are shown by the form's field template, once */}
    </FormControl>
  );
};

/** Validation of the target picker: a target has a cluster and a name. */
export function targetPickerValidation(
  value: RunbookTargetValue | undefined,
  validation: { addError(message: string): void },
) {
  if (value && (!value.cluster || !value.name)) {
    validation.addError('Choose a target from the list');
  }
}
