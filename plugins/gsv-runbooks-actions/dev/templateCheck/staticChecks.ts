import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { validate, type Schema } from 'jsonschema';
import { createTemplateRenderer } from 'nunjitsu';
import { mockServices } from '@backstage/backend-test-utils';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  GsvOpsClient,
  RUNBOOKS,
  type RunbookDefinition,
} from '@gsv/plugin-gsv-ops-common';
import type {
  buildRunbookRequest as BuildRunbookRequest,
  requestFingerprint as RequestFingerprint,
} from '@gsv/plugin-gsv-ops';
import { createRunbookActions } from '../../src/lib/createRunbookActions';
import type { RunbookTemplateAction } from '../../src/lib/createRunbookAction';
import { parseRunbookInput } from '../../src/lib/runbookInput';
import { SAMPLE_FORMS, type SampleForm } from './sampleForms';
import type { LoadedTemplate, TemplateEntity } from './templates';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const NOUNS: Record<string, string> = {
  deployment: 'deployment',
  database: 'database',
  certificate: 'certificate',
  secret: 'secret',
  application: 'application',
  workload: 'workload',
};

/**
 * The frontend field's own request builder (plugins/gsv-ops/src/scaffolder/runbookForm.ts), loaded by file so that
 * the check does not pull the React plugin into Node. The check compares what the review field dry-runs with what
 * the template's step sends.
 */
function loadRunbookForm(): {
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

/** The `ui:field`s the scaffolder frontend knows: its built-in ones and the GSV Ops ones wired into the app. */
export function knownFieldExtensions(): {
  names: Set<string>;
  notes: string[];
} {
  const notes: string[] = [];
  const names = new Set<string>();
  const scaffolderDir = path.dirname(
    require.resolve('@backstage/plugin-scaffolder/package.json'),
  );
  const pluginSource = fs.readFileSync(
    path.join(scaffolderDir, 'dist/plugin.esm.js'),
    'utf8',
  );
  for (const call of pluginSource
    .split('createScaffolderFieldExtension(')
    .slice(1)) {
    const name = /name: "([A-Za-z]+)"/.exec(call.slice(0, 400))?.[1];
    if (name) names.add(name);
  }
  notes.push(
    `built-in fields of @backstage/plugin-scaffolder: ${[...names]
      .sort()
      .join(', ')}`,
  );

  const app = fs.readFileSync(
    path.join(REPO_ROOT, 'packages/app/src/App.tsx'),
    'utf8',
  );
  const wiring =
    /<ScaffolderFieldExtensions>([\s\S]*?)<\/ScaffolderFieldExtensions>/.exec(
      app,
    )?.[1] ?? '';
  for (const name of Object.values(loadRunbookForm().GSV_OPS_FIELD_NAMES)) {
    if (wiring.includes(`<${name}FieldExtension />`)) {
      names.add(name);
      notes.push(`${name} is wired into packages/app/src/App.tsx`);
    } else {
      notes.push(
        `${name} is NOT wired into <ScaffolderFieldExtensions> in packages/app/src/App.tsx`,
      );
    }
  }
  return { names, notes };
}

/** The module's real action objects (their JSON Schemas are what the scaffolder validates step inputs against). */
export function realActions(): Map<string, RunbookTemplateAction> {
  const actions = createRunbookActions({
    client: new GsvOpsClient({
      discoveryApi: {
        getBaseUrl: async () => {
          throw new Error('the static check does not call the backend');
        },
      },
    }),
    auth: mockServices.auth(),
    appBaseUrl: 'http://localhost:3000',
  });
  return new Map(actions.map(action => [action.id, action]));
}

/** Renders a step's input the way the scaffolder's workflow runner does (nunjitsu, single expressions keep types). */
export function renderStepInput(
  input: unknown,
  parameters: Record<string, unknown>,
): any {
  const renderer = createTemplateRenderer({
    allowRegexExecution: true,
    filters: {},
    globals: {},
  });
  const context = renderer.prepareContext({
    parameters,
    steps: {},
    user: { ref: 'user:default/guest' },
    context: { task: { id: 'template-check' } },
  } as any);
  const rendered = JSON.parse(JSON.stringify(input), (_key, value) =>
    typeof value === 'string' ? renderer.renderValue(value, context) : value,
  );
  // the renderer returns objects without a prototype; compare them as plain JSON
  return JSON.parse(JSON.stringify(rendered));
}

/** Follows a local `$ref` (zod-to-json-schema reuses repeated schemas that way), keeping the field's own keys. */
function resolveRef(root: unknown, schema: any): any {
  if (
    !schema?.$ref ||
    typeof schema.$ref !== 'string' ||
    !schema.$ref.startsWith('#/')
  )
    return schema;
  const target = schema.$ref
    .slice(2)
    .split('/')
    .reduce((node: any, key: string) => node?.[key], root);
  const { $ref: _ref, ...own } = schema;
  return { ...resolveRef(root, target), ...own };
}

function constPaths(
  node: unknown,
  at = 'spec.parameters',
  found: string[] = [],
): string[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => constPaths(item, `${at}[${i}]`, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'const') found.push(at);
      else constPaths(value, `${at}.${key}`, found);
    }
  }
  return found;
}

function allUiFields(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach(item => allUiFields(item, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'ui:field' && typeof value === 'string') found.push(value);
      else allUiFields(value, found);
    }
  }
  return found;
}

function findProperty(entity: TemplateEntity, name: string): any {
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

/** Problems of one template, without a cluster. Returns the lines it checked. */
export function checkTemplateStatically(
  loaded: LoadedTemplate,
  context: { actions: Map<string, RunbookTemplateAction>; fields: Set<string> },
): { runbook?: RunbookDefinition; checked: string[]; problems: string[] } {
  const problems = [...loaded.problems];
  const checked: string[] = [];
  const entity = loaded.entity;
  if (!entity) return { checked, problems };

  // the Template kind, as the catalog and the scaffolder's dry-run endpoint validate it
  try {
    templateEntityV1beta3Validator.check(entity as any);
    checked.push('is a valid scaffolder.backstage.io/v1beta3 Template');
  } catch (error) {
    problems.push(`is not a valid Template: ${(error as Error).message}`);
  }

  const runbook = RUNBOOKS.find(
    r => r.id === entity.metadata.annotations?.['gsv.io/runbook'],
  );
  if (!runbook) {
    problems.push(
      `metadata.annotations["gsv.io/runbook"] does not name a runbook`,
    );
    return { checked, problems };
  }
  if (entity.metadata.name !== runbook.templateName) {
    problems.push(
      `metadata.name is ${entity.metadata.name}, but runbook ${runbook.id} expects ${runbook.templateName}`,
    );
  }
  // the Ops tab's "Recent operations" names an operation by the runbook's title: the same words as the form's
  if (entity.metadata.title !== runbook.title) {
    problems.push(
      `metadata.title is "${entity.metadata.title}", but runbook ${runbook.id} is called "${runbook.title}"`,
    );
  }
  if (entity.spec.owner !== 'group:default/platform-team')
    problems.push('spec.owner is not group:default/platform-team');
  const noun = NOUNS[entity.metadata.tags?.find(tag => tag in NOUNS) ?? ''];
  for (const tag of ['gsv-ops', 'runbook']) {
    if (!entity.metadata.tags?.includes(tag))
      problems.push(`metadata.tags lacks ${tag}`);
  }
  if (!noun)
    problems.push('metadata.tags lacks the noun (deployment, database, …)');
  checked.push(
    `is runbook ${
      runbook.id
    }, owned by the platform team, tagged ${entity.metadata.tags?.join(', ')}`,
  );

  // actions
  const steps = entity.spec.steps ?? [];
  const runbookSteps = steps.filter(step => step.action === runbook.actionId);
  for (const step of steps) {
    if (!context.actions.has(step.action))
      problems.push(
        `step ${step.id} uses ${step.action}, which the module does not register`,
      );
  }
  if (runbookSteps.length !== 1)
    problems.push(
      `has ${runbookSteps.length} steps with ${runbook.actionId}, expected 1`,
    );
  const step = runbookSteps[0];
  const action = context.actions.get(runbook.actionId)!;
  if (step)
    checked.push(
      `step ${step.id} runs ${runbook.actionId}, an action of this module`,
    );

  // field extensions
  const uiFields = [...new Set(allUiFields(entity.spec.parameters))];
  for (const field of uiFields) {
    if (!context.fields.has(field))
      problems.push(`names ui:field ${field}, which the app does not provide`);
  }
  checked.push(`its fields ${uiFields.join(', ')} exist`);

  // rjsf (5.24) uses a `const` as the field's default: a `const: true` confirmation would start ticked
  const consts = constPaths(entity.spec.parameters);
  if (consts.length) {
    problems.push(
      `uses const in the form (${consts.join(
        ', ',
      )}); the form pre-fills consts, use enum: [value]`,
    );
  } else {
    checked.push(
      'has no const in its form (the form would pre-fill it, e.g. tick the confirmation)',
    );
  }

  // the form's runbook parameters against the action's parameter schema
  const form = findProperty(entity, 'parameters');
  const picker = findProperty(entity, 'target');
  const review = findProperty(entity, 'review');
  const actionParameters = (action.schema?.input as any)?.properties
    ?.parameters;
  if (picker?.['ui:options']?.kind !== runbook.targetKind) {
    problems.push(
      `the target picker lists ${picker?.['ui:options']?.kind}, but the runbook operates on ${runbook.targetKind}`,
    );
  }
  const targetParameter = review?.['ui:options']?.targetParameter;
  if (picker?.['ui:options']?.targetParameter !== targetParameter) {
    problems.push(
      'the target picker and the review field disagree on targetParameter',
    );
  }
  if (review?.['ui:options']?.runbook !== runbook.id)
    problems.push(
      `the review field dry-runs ${review?.['ui:options']?.runbook}`,
    );
  if (!actionParameters?.properties?.[targetParameter]) {
    problems.push(
      `targetParameter ${targetParameter} is not a parameter of ${runbook.actionId}`,
    );
  }
  const formKeys = Object.keys(form?.properties ?? {});
  if (
    !isDeepStrictEqual(
      [...(review?.['ui:options']?.parameters ?? [])].sort(),
      [...formKeys].sort(),
    )
  ) {
    problems.push(
      `the review field passes [${review?.['ui:options']?.parameters}] but the form asks [${formKeys}]`,
    );
  }
  for (const key of formKeys) {
    const mine = form.properties[key];
    const theirs = resolveRef(
      action.schema?.input,
      actionParameters?.properties?.[key],
    );
    if (!theirs) {
      problems.push(
        `the form asks for parameters.${key}, which ${runbook.actionId} does not take`,
      );
      continue;
    }
    if (mine.type !== theirs.type)
      problems.push(
        `parameters.${key} is ${mine.type} in the form, ${theirs.type} in the action`,
      );
    if (theirs.enum && !isDeepStrictEqual(mine.enum, theirs.enum))
      problems.push(`parameters.${key} offers other values than the action`);
    if (theirs.minimum !== undefined && !(mine.minimum >= theirs.minimum))
      problems.push(
        `parameters.${key} allows less than the action's minimum ${theirs.minimum}`,
      );
    if (theirs.maximum !== undefined && !(mine.maximum <= theirs.maximum))
      problems.push(
        `parameters.${key} allows more than the action's maximum ${theirs.maximum}`,
      );
    if (
      theirs.default !== undefined &&
      !isDeepStrictEqual(mine.default, theirs.default)
    ) {
      problems.push(
        `parameters.${key} defaults to ${mine.default} in the form, ${theirs.default} in the action`,
      );
    }
  }
  const fromTarget = new Set(['namespace', targetParameter]);
  for (const key of actionParameters?.required ?? []) {
    if (!fromTarget.has(key) && !(form?.required ?? []).includes(key))
      problems.push(`the action requires parameters.${key}, the form does not`);
  }
  const uncovered = Object.keys(actionParameters?.properties ?? {}).filter(
    key => !fromTarget.has(key) && !formKeys.includes(key),
  );
  const notOffered = uncovered.length
    ? ` (not offered: ${uncovered.join(', ')})`
    : '';
  checked.push(
    `the form's parameters [${formKeys.join(', ')}] match ${
      runbook.actionId
    }'s schema${notOffered}`,
  );

  // sample values: pass the form, render into valid action input, equal to what the review field dry-runs
  const sample = SAMPLE_FORMS[runbook.id];
  if (step && sample) {
    for (const incident of [
      undefined,
      { id: 'INC-4711', severity: 'P1' as const },
    ]) {
      const label = incident ? 'with an incident' : 'inside the window';
      let values: Record<string, any>;
      let request: any;
      try {
        ({ values, request } = formValues(runbook, entity, sample, {
          reviewId: '00000000-0000-4000-8000-000000000001',
          incident,
        }));
      } catch (error) {
        problems.push((error as Error).message);
        continue;
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
    }
    checked.push(
      'sample values pass the form, render into valid action input, and equal the reviewed dry run (with and without an incident)',
    );

    // the dry-run-first flow is enforced by the form's schema (the scaffolder backend validates it on task creation)
    const { values } = formValues(runbook, entity, sample, {
      reviewId: '00000000-0000-4000-8000-000000000001',
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
    checked.push(
      'the form refuses submissions without a reviewed dry run, the confirmation, or an incident outside the window',
    );
  }

  // the output links to the Ops tab, as a path in the app (an absolute URL would open a new window)
  const links = entity.spec.output?.links ?? [];
  if (
    !step ||
    !links.some(link =>
      link.url?.includes(`steps['${step.id}'].output.opsTabPath`),
    )
  ) {
    problems.push(
      'spec.output.links has no link to the Ops tab (steps[…].output.opsTabPath)',
    );
  } else {
    checked.push('links the Ops tab in its output');
  }

  return { runbook, checked, problems };
}
