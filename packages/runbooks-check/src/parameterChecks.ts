import { isDeepStrictEqual } from 'node:util';
import { findProperty } from './runbookForm';
import type { TemplateUnderCheck } from './templates';

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

/** The target picker and the review field name the runbook's target the way the action takes it. */
function checkTargetFields(
  { entity, runbook, problems }: TemplateUnderCheck,
  actionParameters: any,
): void {
  const picker = findProperty(entity, 'target');
  const review = findProperty(entity, 'review');
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
}

/** One of the form's parameters (`mine`) against the action's (`theirs`): type, values, bounds, default. */
function compareParameter(
  key: string,
  mine: any,
  theirs: any,
  problems: string[],
): void {
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

/** The form's runbook parameters against the action's parameter schema. */
export function checkFormParameters(template: TemplateUnderCheck): void {
  const { entity, runbook, action, checked, problems } = template;
  const form = findProperty(entity, 'parameters');
  const review = findProperty(entity, 'review');
  const actionParameters = (action.schema?.input as any)?.properties
    ?.parameters;
  checkTargetFields(template, actionParameters);
  const targetParameter = review?.['ui:options']?.targetParameter;
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
    compareParameter(key, form.properties[key], theirs, problems);
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
}
