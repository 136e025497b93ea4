import {
  buildRunbookRequest,
  requestFingerprint,
  type RunbookDefinition,
} from '@gsv/plugin-gsv-ops-common';
import { SAMPLE_EXTRA_VALUES, type SampleForm } from './sampleForms';
import type { TemplateEntity } from './templates';

/** The form's property `name`, on whichever page asks for it. */
export function findProperty(entity: TemplateEntity, name: string): any {
  for (const page of entity.spec.parameters ?? []) {
    if (page.properties?.[name]) return page.properties[name];
  }
  return undefined;
}

/** The form values a person would submit for a sample: the sample plus a review of its request and the confirmation. */
export function formValues(
  runbook: RunbookDefinition,
  entity: TemplateEntity,
  sample: SampleForm,
  extra: { reviewId: string; incident?: { id: string; severity: 'P1' | 'P2' } },
) {
  const values: Record<string, any> = {
    ...SAMPLE_EXTRA_VALUES[entity.metadata.name],
    entityRef: sample.entityRef,
    target: sample.target,
    parameters: sample.parameters,
    outsideWindow: Boolean(extra.incident),
    ...(extra.incident ? { incident: extra.incident } : {}),
    confirm: true,
  };
  const built = buildRunbookRequest(
    findProperty(entity, 'review')?.['ui:options'],
    values,
  );
  if (!built.request) {
    throw new Error(
      `the review field cannot build a request for ${
        runbook.id
      }: missing ${built.missing.join(', ')}`,
    );
  }
  values.review = {
    operationId: extra.reviewId,
    fingerprint: requestFingerprint(built.request),
    acknowledged: true,
  };
  return { values, request: built.request };
}
