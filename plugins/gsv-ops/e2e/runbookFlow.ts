import type { Page } from 'playwright-core';
import { signInIfAsked } from './browser';
import { flow } from './runbookStack';
import {
  backend,
  operationOfTask,
  runbookOf,
  taskLog,
  template,
  type OperationRecord,
  type ScaffolderTask,
} from './runbookTruth';
import { waitFor } from './stack';

/**
 * A runbook template as a person goes through it in the app: the prefilled form, the target and parameters pages, the
 * engine's dry run, the confirmation and review, the task page until the task finished, and back to the Ops tab's
 * "Recent operations". Shared by the runbook browser tests (with runbookStack.ts and runbookTruth.ts).
 */

/**
 * The task page's content (steps, output, buttons, log): the new frontend system's scaffolder sub-pages render no
 * <main> landmark, only Backstage's <Content> (an <article>).
 */
export const taskContent = () => flow.page.locator('article').first();

export async function openTemplate(name: string, formData: object) {
  await flow.page.goto(
    `${
      flow.stack.appUrl
    }/create/templates/default/${name}?formData=${encodeURIComponent(
      JSON.stringify(formData),
    )}`,
  );
  await signInIfAsked(
    flow.page,
    flow.page.getByRole('button', { name: 'Next' }),
  );
}

/** Waits until a text shows up in a locator, with the text on failure. */
export async function expectText(
  locator: ReturnType<Page['locator']>,
  text: string | RegExp,
  timeoutMs = 30_000,
) {
  const matches = (value: string | null) =>
    value !== null &&
    (typeof text === 'string' ? value.includes(text) : text.test(value));
  await waitFor(
    `"${text}"`,
    async () => (matches(await locator.first().innerText()) ? true : undefined),
    { timeoutMs, intervalMs: 250 },
  ).catch(async error => {
    throw new Error(
      `${error.message}\nText was: ${await locator
        .first()
        .innerText()
        .catch(() => '(none)')}`,
    );
  });
}

/** Page 1 of every runbook template: the target picker shows the prefilled target, its cluster and environment. */
export async function expectTarget(cluster: string, environment: string) {
  await flow.page.getByText(`Cluster: ${cluster}`, { exact: true }).waitFor();
  await flow.page
    .getByText(`Environment: ${environment}`, { exact: true })
    .waitFor({ timeout: 30_000 });
}

/** The dry run on the last page: waits for the engine's answer and returns its text. */
export async function awaitDryRun(): Promise<string> {
  const result = flow.page.getByLabel('dry run result');
  const refused = flow.page.getByRole('alert');
  await Promise.race([
    result.waitFor({ timeout: 60_000 }),
    refused.waitFor({ timeout: 60_000 }),
  ]);
  if (await refused.isVisible())
    throw new Error(`The dry run was refused: ${await refused.innerText()}`);
  await expectText(result, /Dry run (succeeded|failed)/);
  return result.innerText();
}

export interface RunOptions {
  template: string;
  /** The prefill (`?formData=`), as a link such as the Ops tab's quick actions would give. */
  formData?: { entityRef: string; target: object; parameters?: object };
  /** The entity the runbook operates for (the form's Service), when the form is already open (no formData). */
  entityRef?: string;
  /** The target's cluster and environment shown on page 1. */
  cluster?: string;
  /** Fills in the Parameters page (page 2). */
  parameters?: () => Promise<void>;
  /** What the dry run must show (plan, diffs, summary). */
  plan: Array<string | RegExp>;
  /** The engine's step lines the task log must contain, e.g. `[apply] succeeded`. */
  log: Array<string | RegExp>;
  /** Before submitting, e.g. to check the dry run changed nothing. */
  beforeSubmit?: (dryRun: {
    text: string;
    operationId: string;
  }) => Promise<void>;
  /** While the task runs (story 1 watches the log stream). */
  whileRunning?: () => Promise<void>;
  /** On the finished task's page, before following its link to the Ops tab. */
  whenFinished?: () => Promise<void>;
  timeoutMs?: number;
}

export interface RunResult {
  taskId: string;
  dryRunText: string;
  dryRunOperationId: string;
  /** The "Result" output of the finished task: the engine's summary. */
  result: string;
  log: string;
  /** The operation the task ran, from the engine's audit log. */
  operation: OperationRecord;
}

export const matchesAll = (text: string, expected: Array<string | RegExp>) =>
  expected.filter(e =>
    typeof e === 'string' ? !text.includes(e) : !e.test(text),
  );

/**
 * A runbook template from its (prefilled) form to the finished task, the way a person goes through it: target page,
 * parameters page, the dry run and its plan, the confirmation, the review, Create; then the task page until the task
 * succeeded, with the engine's summary as its result.
 */
export async function runTemplate(options: RunOptions): Promise<RunResult> {
  const { title, confirmTitle } = template(options.template);
  const entityRef = (options.formData?.entityRef ?? options.entityRef)!;
  if (options.formData) await openTemplate(options.template, options.formData);
  await flow.page.getByRole('heading', { name: title }).first().waitFor();

  // 1. Target
  await expectTarget(options.cluster ?? 'gsv-dev', 'dev');
  await flow.page.getByRole('button', { name: 'Next' }).click();

  // 2. Parameters
  await flow.page
    .getByText('This change is outside the maintenance window')
    .waitFor();
  await options.parameters?.();
  await flow.page.getByRole('button', { name: 'Next' }).click();

  // 3. Dry run and confirmation
  const dryRunText = await awaitDryRun();
  expect(dryRunText).toContain('Dry run succeeded');
  const missing = matchesAll(dryRunText, options.plan);
  if (missing.length)
    throw new Error(
      `The dry run does not show ${missing.join(', ')}:\n${dryRunText}`,
    );
  const dryRunOperationId = /Operation ([0-9a-f-]{36})/.exec(dryRunText)![1];
  await options.beforeSubmit?.({
    text: dryRunText,
    operationId: dryRunOperationId,
  });
  await flow.page.getByLabel('I have reviewed this plan').check();
  await flow.page.getByLabel(confirmTitle).check();
  await flow.page.getByRole('button', { name: 'Review' }).click();

  // 4. Review: what will run, then Create
  const create = flow.page.getByRole('button', { name: 'Create' });
  await create.waitFor();
  // (the new frontend system's scaffolder pages render no <main>: the wizard is the page content, an <article>)
  const review = await flow.page
    .locator('article', { has: create })
    .innerText();
  expect(review).toContain(entityRef);
  expect(review).toContain(options.cluster ?? 'gsv-dev');
  await create.click();
  await flow.page.waitForURL(/\/create\/tasks\/[0-9a-f-]+$/, {
    timeout: 30_000,
  });
  const taskId = flow.page.url().split('/').pop()!;

  await options.whileRunning?.();

  // The task page: it shows the output link and the result when the task completed; a failure shows the log.
  const opsLink = flow.page.locator('a', { hasText: 'Ops tab of the service' });
  const ended = await waitFor(
    `task ${taskId} (${options.template}) to finish`,
    async () => {
      if (await opsLink.isVisible()) return 'completed';
      const task = await backend<ScaffolderTask>(
        `/api/scaffolder/v2/tasks/${taskId}`,
      );
      return task.status === 'failed' || task.status === 'cancelled'
        ? task.status
        : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 120_000,
      intervalMs: 500,
      onTimeout: () => flow.stack.logs(),
    },
  ).catch(async error => {
    throw new Error(`${error.message}\nTask log:\n${await taskLog(taskId)}`);
  });
  if (ended !== 'completed')
    throw new Error(
      `Task ${taskId} (${options.template}) ${ended}:\n${await taskLog(
        taskId,
      )}`,
    );
  const task = await backend<ScaffolderTask>(
    `/api/scaffolder/v2/tasks/${taskId}`,
  );
  expect(task.status).toBe('completed');

  const result = (await flow.page.getByTestId('text-output-box').innerText())
    .replace(/^\s*Result\s*/, '')
    .trim();
  const log = await taskLog(taskId);
  const notLogged = matchesAll(log, options.log);
  if (notLogged.length)
    throw new Error(`The task log lacks ${notLogged.join(', ')}:\n${log}`);
  const operation = await operationOfTask(entityRef, taskId);
  expect(operation).toMatchObject({
    runbook: runbookOf(options.template),
    cluster: options.cluster ?? 'gsv-dev',
    dryRun: false,
    status: 'succeeded',
    initiatedBy: 'user:default/guest',
    summary: result,
  });
  await options.whenFinished?.();

  // The output link leads back to the entity's Ops tab, in the same browser tab, where the operation is the newest
  await expectInRecentOperations(entityRef, title, taskId, operation, opsLink);
  return { taskId, dryRunText, dryRunOperationId, result, log, operation };
}

/** The entity's Ops tab, e.g. /catalog/default/resource/cmp-postgres/ops. */
export function opsTabOf(entityRef: string): string {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}/ops`;
}

/**
 * Follows the finished task's output link (same browser tab) and finds the operation as the newest row of "Recent
 * operations": the runbook, Succeeded, not a dry run, its target and cluster, who ran it, the engine's summary, and a
 * link back to the task.
 */
export async function expectInRecentOperations(
  entityRef: string,
  title: string,
  taskId: string,
  operation: OperationRecord,
  opsLink: ReturnType<Page['locator']>,
) {
  const path = opsTabOf(entityRef);
  expect(await opsLink.getAttribute('href')).toBe(path);
  expect(await opsLink.getAttribute('target')).toBeNull();
  const pagesBefore = flow.context.pages().length;
  await opsLink.click();
  await flow.page.getByTestId('ops-headline').waitFor({ timeout: 30_000 });
  expect(new URL(flow.page.url()).pathname).toBe(path);
  expect(flow.context.pages().length).toBe(pagesBefore);
  const row = flow.page.getByTestId('operation-row').first();
  await row.waitFor({ timeout: 30_000 });
  await row.scrollIntoViewIfNeeded();
  const { target } = operation;
  await expectText(row, title);
  await expectText(row, 'Succeeded');
  await expectText(
    row,
    `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${
      target.name
    } · ${operation.cluster}`,
  );
  await expectText(row, 'guest');
  await expectText(row, operation.summary!);
  expect(await row.innerText()).not.toContain('dry run');
  expect(
    await row.getByRole('link', { name: title }).getAttribute('href'),
  ).toBe(`/create/tasks/${taskId}`);
}

export const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A form field found by its label (RJSF labels fields with their titles; required ones get a thin space and "*"). */
export const field = (label: string) =>
  flow.page.getByLabel(new RegExp(`^${escapeRegExp(label)}(\\s*\\*)?$`));

/** Types into a form field, as a person does. */
export async function fill(label: string, value: string) {
  const input = field(label);
  await input.fill(value);
  await input.blur();
}

export const devTarget = (namespace: string | undefined, name: string) => ({
  cluster: 'gsv-dev',
  environment: 'dev',
  ...(namespace ? { namespace } : {}),
  name,
});

// ---------------------------------------------------------------------------------------------------------------
// Story 1: the Ops tab's Restart, from the click to "Recent operations"
