import { validate, type Schema } from 'jsonschema';
import type { ModuleAction } from './scaffolder';
import { renderStepInput } from './scaffolder';
import type { TemplateEntity } from './templates';

/** Every property name the form asks anywhere (pages, nested objects, dependencies). */
function formPropertyNames(
  node: unknown,
  found = new Set<string>(),
): Set<string> {
  if (Array.isArray(node)) node.forEach(item => formPropertyNames(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && value && typeof value === 'object') {
        Object.keys(value).forEach(name => found.add(name));
      }
      formPropertyNames(value, found);
    }
  }
  return found;
}

/**
 * The template's expressions name only form fields that exist (`parameters.x`) and steps that ran before
 * (`steps['id']`, `steps.id`): a typo renders as nothing at run time instead of failing.
 */
export function checkReferences(
  entity: TemplateEntity,
  checked: string[],
  problems: string[],
): void {
  const fields = formPropertyNames(entity.spec.parameters);
  const steps = entity.spec.steps ?? [];
  const before = new Set<string>();
  const scan = (where: string, node: unknown, stepIds: Set<string>) => {
    const text = JSON.stringify(node ?? '');
    for (const [, name] of text.matchAll(/\bparameters\.([A-Za-z_$][\w$]*)/g)) {
      if (!fields.has(name))
        problems.push(
          `${where} uses parameters.${name}, which the form does not ask`,
        );
    }
    for (const [, id1, id2] of text.matchAll(
      /\bsteps(?:\[\\?["']([^"'\\]+)\\?["']\]|\.([A-Za-z_][\w-]*))/g,
    )) {
      const id = id1 ?? id2;
      if (!stepIds.has(id))
        problems.push(
          `${where} uses the output of step ${id}, which does not run before it`,
        );
    }
  };
  for (const step of steps) {
    scan(`step ${step.id}`, { input: step.input, if: step.if }, before);
    if (step.id) before.add(step.id);
  }
  scan('spec.output', entity.spec.output, before);
  checked.push(
    `its expressions name only fields of the form and earlier steps (${steps.length} steps)`,
  );
}

/** The inputs of its `gsv:*` check steps, rendered with sample values, pass each action's schema. */
export function checkCheckSteps(
  entity: TemplateEntity,
  actions: Map<string, ModuleAction>,
  values: Record<string, unknown>,
  runbookActionId: string,
  problems: string[],
): string[] {
  const checkedSteps: string[] = [];
  for (const step of entity.spec.steps ?? []) {
    const action = actions.get(step.action);
    if (!action || step.action === runbookActionId) continue;
    const input = renderStepInput(step.input ?? {}, values);
    const result = validate(input, action.schema!.input as Schema);
    if (!result.valid) {
      problems.push(
        `step ${step.id}: the rendered input fails ${
          step.action
        }'s schema: ${result.errors.map(e => e.stack).join('; ')}`,
      );
    }
    checkedSteps.push(`${step.id} (${step.action})`);
  }
  return checkedSteps;
}
