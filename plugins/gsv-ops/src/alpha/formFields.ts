import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * `scaffolder-form-field:gsv-ops/target-picker`: the runbook templates' `ui:field: GsvOpsTargetPicker`, given to the
 * scaffolder's form-fields API.
 */
export const gsvOpsTargetPickerFormField = FormFieldBlueprint.make({
  name: 'target-picker',
  params: {
    field: () => import('./fields').then(m => m.targetPickerFormField),
  },
});

/** `scaffolder-form-field:gsv-ops/dry-run-review`: the runbook templates' `ui:field: GsvOpsDryRunReview`. */
export const gsvOpsDryRunReviewFormField = FormFieldBlueprint.make({
  name: 'dry-run-review',
  params: {
    field: () => import('./fields').then(m => m.dryRunReviewFormField),
  },
});
