import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { gsvOpsPlugin } from '../plugin';
import { dryRunReviewField, targetPickerField } from './fields';

/**
 * `ui:field: GsvOpsTargetPicker`: picks one of the entity's deployments, databases, certificates, ExternalSecrets,
 * Argo CD applications or namespaces (`ui:options.kind`) from the gsv-ops picker endpoint, and shows its cluster and
 * environment. Reads the entity from the form's `entityRef`.
 *
 * @public
 */
export const GsvOpsTargetPickerFieldExtension = gsvOpsPlugin.provide(
  createScaffolderFieldExtension(targetPickerField),
);

/**
 * `ui:field: GsvOpsDryRunReview`: runs the engine's dry run for the form's values, shows the plan and diffs, and must
 * be acknowledged before the form can be submitted (`ui:options`: `runbook`, `targetParameter`, `parameters`).
 *
 * @public
 */
export const GsvOpsDryRunReviewFieldExtension = gsvOpsPlugin.provide(
  createScaffolderFieldExtension(dryRunReviewField),
);
