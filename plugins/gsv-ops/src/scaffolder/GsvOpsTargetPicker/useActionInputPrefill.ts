import { useEffect } from 'react';
import type {
  RunbookFormData,
  RunbookTargetValue,
  TargetPickerUiOptions,
} from '@gsv/plugin-gsv-ops-common';

/**
 * Takes over a prefill in the action-input shape (`{ cluster, parameters: { namespace, <targetParameter> } }`) as
 * the target, once it arrives, unless a target is already chosen.
 */
export function useActionInputPrefill({
  form,
  options,
  value,
  onChange,
}: {
  form: RunbookFormData & { cluster?: string };
  options?: TargetPickerUiOptions;
  value?: RunbookTargetValue;
  onChange: (value: RunbookTargetValue) => void;
}) {
  const parameters = form.parameters ?? {};
  const name = options?.targetParameter
    ? parameters[options.targetParameter]
    : undefined;
  useEffect(() => {
    if (
      !value?.name &&
      typeof form.cluster === 'string' &&
      typeof name === 'string' &&
      name
    ) {
      // a namespace target (workload clean-up) is named by the namespace parameter itself
      const namespace =
        options?.targetParameter === 'namespace'
          ? undefined
          : parameters.namespace;
      onChange({
        cluster: form.cluster,
        name,
        ...(typeof namespace === 'string' && namespace ? { namespace } : {}),
      });
    }
    // only when the prefill arrives
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form.cluster, name]);
}
