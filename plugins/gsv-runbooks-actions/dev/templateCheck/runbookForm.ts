import path from 'node:path';
import type { RunbookDefinition } from '@gsv/plugin-gsv-ops-common';
import type {
  buildRunbookRequest as BuildRunbookRequest,
  requestFingerprint as RequestFingerprint,
} from '@gsv/plugin-gsv-ops';
import { SAMPLE_EXTRA_VALUES, type SampleForm } from './sampleForms';
import type { TemplateEntity } from './templates';

/**
 * The frontend field's own request builder (plugins/gsv-ops/src/scaffolder/runbookForm.ts), loaded by file so that
 * the check does not pull the React plugin into Node. The check compares what the review field dry-runs with what
 * the template's step sends.
 */
export function loadRunbookForm(): {
  buildRunbookRequest: typeof BuildRunbookRequest;
  requestFingerprint: typeof RequestFingerprint;
  GSV_OPS_FIELD_NAMES: Record<string, string>;
} {
  const dir = path.dirname(require.resolve('@gsv/plugin-gsv-ops/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const form = require(path.join(dir, 'src/scaffolder/runbookForm.ts'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const names = require(path.join(dir, 'src/scaffolder/fieldNames.ts'));
  return { ...form, GSV_OPS_FIELD_NAMES: names.GSV_OPS_FIELD_NAMES };
}

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
  const { buildRunbookRequest, requestFingerprint } = loadRunbookForm();
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
