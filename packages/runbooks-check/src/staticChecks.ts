import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { RUNBOOKS, type RunbookDefinition } from '@gsv/plugin-gsv-ops-common';
import type { RunbookTemplateAction } from '@gsv/plugin-scaffolder-backend-module-gsv-runbooks';
import { checkReferences } from './referenceChecks';
import type { ModuleAction } from './scaffolder';
import { checkFormParameters } from './parameterChecks';
import { checkSampleValues } from './sampleChecks';
import type {
  LoadedTemplate,
  TemplateEntity,
  TemplateStep,
  TemplateUnderCheck,
} from './templates';

export { knownFieldExtensions, realActions } from './scaffolder';

/** The owner of the shipped templates, and of a curators' templates unless `--owner` names another. */
export const DEFAULT_OWNER = 'group:default/platform-team';

/** An owner ref as the catalog resolves it (a group by default, in the template's namespace), or undefined. */
export function ownerRef(
  owner: unknown,
  namespace = 'default',
): string | undefined {
  try {
    return stringifyEntityRef(
      parseEntityRef(String(owner ?? ''), {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return undefined;
  }
}

const NOUNS: Record<string, string> = {
  deployment: 'deployment',
  database: 'database',
  certificate: 'certificate',
  secret: 'secret',
  application: 'application',
  workload: 'workload',
  autoscaler: 'autoscaler',
};

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

/** Its name, title, owner and tags, as the catalog and the Ops tab expect them for its runbook. */
function checkMetadata(
  { entity, runbook, chained, checked, problems }: TemplateUnderCheck,
  owner: string,
): void {
  if (chained) {
    checked.push(
      `chains runbook ${runbook.id} with other steps under its own name ${entity.metadata.name}`,
    );
  } else if (entity.metadata.name !== runbook.templateName) {
    problems.push(
      `metadata.name is ${entity.metadata.name}, but runbook ${runbook.id} expects ${runbook.templateName}`,
    );
  }
  // the Ops tab's "Recent operations" names an operation by the runbook's title: the same words as the form's
  if (!chained && entity.metadata.title !== runbook.title) {
    problems.push(
      `metadata.title is "${entity.metadata.title}", but runbook ${runbook.id} is called "${runbook.title}"`,
    );
  }
  if (ownerRef(entity.spec.owner, entity.metadata.namespace) !== owner)
    problems.push(
      `spec.owner is ${entity.spec.owner ?? 'missing'}, not ${owner}`,
    );
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
    }, owned by ${owner}, tagged ${entity.metadata.tags?.join(', ')}`,
  );
}

/**
 * Its `gsv:*` steps use actions this module registers (a runbook template uses nothing else; a chained one may use
 * the scaffolder's own actions too, which the live dry run runs), and exactly one runs the runbook's. Returns that step.
 */
function checkSteps({
  entity,
  runbook,
  actions,
  chained,
  checked,
  problems,
}: TemplateUnderCheck): TemplateStep | undefined {
  const steps = entity.spec.steps ?? [];
  const runbookSteps = steps.filter(step => step.action === runbook.actionId);
  for (const step of steps) {
    if (
      !actions.has(step.action) &&
      (!chained || step.action?.startsWith('gsv:'))
    )
      problems.push(
        `step ${step.id} uses ${step.action}, which the module does not register`,
      );
  }
  if (runbookSteps.length !== 1)
    problems.push(
      `has ${runbookSteps.length} steps with ${runbook.actionId}, expected 1`,
    );
  const step = runbookSteps[0];
  if (step)
    checked.push(
      `step ${step.id} runs ${runbook.actionId}, an action of this module`,
    );
  return step;
}

/** Its form names only fields the app provides, and no `const`. */
function checkFormFields(
  { entity, checked, problems }: TemplateUnderCheck,
  fields: Set<string>,
): void {
  const uiFields = [...new Set(allUiFields(entity.spec.parameters))];
  for (const field of uiFields) {
    if (!fields.has(field))
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
}

// the output links to the Ops tab, as a path in the app (an absolute URL would open a new window)
function checkOutputLink({
  entity,
  step,
  checked,
  problems,
}: TemplateUnderCheck) {
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
}

/** Its kind, as the catalog and the scaffolder's dry-run endpoint validate it. */
function checkKind(
  entity: TemplateEntity,
  checked: string[],
  problems: string[],
): void {
  try {
    templateEntityV1beta3Validator.check(entity as any);
    checked.push('is a valid scaffolder.backstage.io/v1beta3 Template');
  } catch (error) {
    problems.push(`is not a valid Template: ${(error as Error).message}`);
  }
}

/** Problems of one template, without a cluster. Returns the lines it checked. */
export function checkTemplateStatically(
  loaded: LoadedTemplate,
  context: {
    actions: Map<string, ModuleAction>;
    fields: Set<string>;
    /** The owner every template must have (default: DEFAULT_OWNER). */
    owner?: string;
  },
): {
  runbook?: RunbookDefinition;
  chained?: boolean;
  checked: string[];
  problems: string[];
} {
  const problems = [...loaded.problems];
  const checked: string[] = [];
  const entity = loaded.entity;
  if (!entity) return { checked, problems };

  checkKind(entity, checked, problems);
  const runbook = RUNBOOKS.find(
    r => r.id === entity.metadata.annotations?.['gsv.io/runbook'],
  );
  if (!runbook) {
    problems.push(
      `metadata.annotations["gsv.io/runbook"] does not name a runbook`,
    );
    return { checked, problems };
  }
  const template: TemplateUnderCheck = {
    entity,
    runbook,
    action: context.actions.get(runbook.actionId) as RunbookTemplateAction,
    actions: context.actions,
    chained: entity.metadata.name !== runbook.templateName,
    checked,
    problems,
  };
  checkMetadata(template, context.owner ?? DEFAULT_OWNER);
  template.step = checkSteps(template);
  checkReferences(entity, checked, problems);
  checkFormFields(template, context.fields);
  checkFormParameters(template);
  checkSampleValues(template);
  checkOutputLink(template);
  return { runbook, chained: template.chained, checked, problems };
}
