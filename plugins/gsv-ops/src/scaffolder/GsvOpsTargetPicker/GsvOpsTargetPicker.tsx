import { useEffect, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import Typography from '@material-ui/core/Typography';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import type {
  RunbookFormData,
  RunbookTargetValue,
  TargetPickerUiOptions,
} from '@gsv/plugin-gsv-ops-common';
import { targetKey, targetValue } from './targets';
import { ClusterAndEnvironment, TargetProblems } from './TargetNotes';
import { TargetSelect } from './TargetSelect';
import { useActionInputPrefill } from './useActionInputPrefill';

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
  const { formData, onChange, uiSchema, schema, rawErrors, required } = props;
  const options = uiSchema?.['ui:options'];
  const kind = options?.kind;
  const form = (props.formContext?.formData ?? {}) as RunbookFormData & {
    cluster?: string;
  };
  const entityRef = form.entityRef;
  const api = useApi(gsvOpsApiRef);

  const targets = useAsyncRetry(async () => {
    if (!entityRef || !kind) return undefined;
    return api.listTargets(entityRef, kind);
  }, [api, entityRef, kind]);
  useActionInputPrefill({ form, options, value: formData, onChange });

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
    onChange(item ? targetValue(item) : undefined);
  };
  const title = schema.title ?? 'Target';
  const notListed = Boolean(formData?.name && targets.value && !selected);

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
        <TargetSelect
          id={props.idSchema?.$id ?? 'gsv-ops-target'}
          title={title}
          value={formData}
          items={items}
          loading={targets.loading}
          notListed={notListed}
          required={required}
          disabled={props.disabled}
          error={Boolean(rawErrors?.length)}
          onSelect={select}
        />
      )}
      {formData?.name && (
        <ClusterAndEnvironment
          value={formData}
          environment={selected?.environment ?? formData.environment}
        />
      )}
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      <TargetProblems
        kind={kind}
        value={formData}
        notListed={notListed}
        none={Boolean(targets.value) && items.length === 0}
        clusterErrors={targets.value?.errors}
        error={targets.error}
        onRetry={targets.retry}
      />
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
