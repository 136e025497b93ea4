import { isDeepStrictEqual } from 'node:util';
import { validate, type Schema } from 'jsonschema';
import { parseRunbookInput } from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import { checkCheckSteps } from './referenceChecks';
import { formValues } from './runbookForm';
import { SAMPLE_FORMS, type SampleForm } from './sampleForms';
import { renderStepInput } from './scaffolder';
import type { TemplateStep, TemplateUnderCheck } from './templates';

const REVIEW_ID = '00000000-0000-4000-8000-000000000001';

/**
 * A sample's values, with or without an incident: they pass the form, render into input the action accepts, and
 * equal what the review field dry-runs.
 */
function checkSample(
  { entity, runbook, action, actions, problems }: TemplateUnderCheck,
  step: TemplateStep,
  sample: SampleForm,
  incident?: { id: string; severity: 'P1' },
): void {
  const label = incident ? 'with an incident' : 'inside the window';
  let values: Record<string, any>;
  let request: any;
  try {
    ({ values, request } = formValues(runbook, entity, sample, {
      reviewId: REVIEW_ID,
      incident,
    }));
  } catch (error) {
    problems.push((error as Error).message);
    return;
  }
  for (const page of entity.spec.parameters) {
    const result = validate(values, page as Schema);
    if (!result.valid)
      problems.push(
        `sample values (${label}) fail page "${page.title}": ${result.errors
          .map(e => e.stack)
          .join('; ')}`,
      );
  }
  const input = renderStepInput(step.input, values);
  const schemaResult = validate(input, action.schema!.input as Schema);
  if (!schemaResult.valid) {
    problems.push(
      `the rendered input (${label}) fails ${
        runbook.actionId
      }'s schema: ${schemaResult.errors.map(e => e.stack).join('; ')}`,
    );
  }
  try {
    parseRunbookInput(runbook, input);
  } catch (error) {
    problems.push(
      `the action would refuse the rendered input (${label}): ${
        (error as Error).message
      }`,
    );
  }
  const stepRequest = {
    runbook: runbook.id,
    entityRef: input.entityRef,
    cluster: input.cluster,
    parameters: input.parameters,
    ...(input.incident ? { incident: input.incident } : {}),
  };
  if (!isDeepStrictEqual(stepRequest, request)) {
    problems.push(
      `the review field would dry-run ${JSON.stringify(
        request,
      )} but the step sends ${JSON.stringify(stepRequest)} (${label})`,
    );
  }
  if (input.reviewedDryRunId !== values.review.operationId)
    problems.push('the step does not pass the reviewed dry run id');
  checkCheckSteps(entity, actions, values, runbook.actionId, problems);
}

// the dry-run-first flow is enforced by the form's schema (the scaffolder backend validates it on task creation)
function checkRefusals(
  { entity, runbook, problems }: TemplateUnderCheck,
  sample: SampleForm,
): void {
  const { values } = formValues(runbook, entity, sample, {
    reviewId: REVIEW_ID,
  });
  const { review: _review, ...unreviewed } = values;
  const refusals = [
    ['without a reviewed dry run', unreviewed],
    [
      'with an unacknowledged review',
      { ...values, review: { ...values.review, acknowledged: false } },
    ],
    ['without the confirmation', { ...values, confirm: false }],
    [
      'outside the window without an incident',
      { ...values, outsideWindow: true },
    ],
  ] as const;
  for (const [label, candidate] of refusals) {
    const valid = entity.spec.parameters.every(
      page => validate(candidate, page as Schema).valid,
    );
    if (valid) problems.push(`the form accepts a submission ${label}`);
  }
}

/** Realistic values for the runbook's form: what a person submits works, and what the form must refuse, it does. */
export function checkSampleValues(template: TemplateUnderCheck): void {
  const { runbook, step, checked } = template;
  const sample = SAMPLE_FORMS[runbook.id];
  if (!step || !sample) return;
  for (const incident of [
    undefined,
    { id: 'INC-4711', severity: 'P1' as const },
  ]) {
    checkSample(template, step, sample, incident);
  }
  checked.push(
    'sample values pass the form, render into valid action input, and equal the reviewed dry run (with and without an incident)',
  );
  checkRefusals(template, sample);
  checked.push(
    'the form refuses submissions without a reviewed dry run, the confirmation, or an incident outside the window',
  );
}
