import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeGet } from './kube';
import {
  awaitDryRun,
  devTarget,
  expectTarget,
  openTemplate,
  runTemplate,
} from './runbookFlow';
import {
  AGENT_REGISTRY,
  flow,
  startRunbookStackAroundTests,
} from './runbookStack';
import {
  backend,
  deploymentPath,
  operationOfTask,
  taskLog,
  template,
  type ScaffolderTask,
} from './runbookTruth';
import { waitFor } from './stack';

/**
 * Image promotion (ops guide 4.1) in the real app: agent-registry's image goes from dev to qa through the GitOps
 * repository both embedded clusters share (the stack's `gitops.git`), from the prefilled `gsv-promote-image` form to
 * the finished task — and, when someone commits to the qa overlay between the dry run and the submit, the task fails
 * with the ConflictError naming that commit, and nothing is written.
 */

startRunbookStackAroundTests();

const TEMPLATE = 'gsv-promote-image';
const QA_OVERLAY = 'apps/agent-registry/overlays/qa/kustomization.yaml';
const IMAGE = 'ghcr.io/digitlify-inc/agent-registry';
const APPLICATION_PATH =
  '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/agent-registry-qa';

const gitops = (...args: string[]) =>
  execFileSync('git', [`--git-dir=${flow.stack.gitopsDir}`, ...args], {
    encoding: 'utf8',
  }).trim();

/** Commits to the qa overlay the way a person would: clone, edit, commit, push. Answers the commit. */
function pushToQaOverlay(edit: (text: string) => string, message: string) {
  const work = mkdtempSync(join(tmpdir(), 'gitops-e2e-'));
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      ['-c', 'user.name=Bob', '-c', 'user.email=bob@gsv.example', '-C', work, ...args],
      { encoding: 'utf8' },
    ).trim();
  try {
    execFileSync('git', ['clone', '--quiet', flow.stack.gitopsDir, work]);
    const file = join(work, QA_OVERLAY);
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    git('commit', '--quiet', '--all', '-m', message);
    git('push', '--quiet', 'origin', 'main');
    return git('rev-parse', 'HEAD');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const formData = (parameters: Record<string, unknown>) => ({
  entityRef: AGENT_REGISTRY,
  target: devTarget('argocd', 'agent-registry-qa'),
  parameters: { fromEnvironment: 'dev', toEnvironment: 'qa', ...parameters },
});

test('Promote image dev → qa: a commit to the qa overlay, agent-registry-qa Synced/Healthy at it, cmp-qa runs the tag', async () => {
  const before = gitops('rev-parse', 'main');
  const run = await runTemplate({
    template: TEMPLATE,
    formData: formData({}),
    plan: [
      'Dry run: would promote v1.2.3 from dev to qa (commit to apps/agent-registry/overlays/qa/kustomization.yaml on main)',
      /-\s+newTag: v1\.2\.2/,
      /\+\s+newTag: v1\.2\.3/,
      `${IMAGE}:v1.2.2 → ${IMAGE}:v1.2.3`,
    ],
    beforeSubmit: async () => expect(gitops('rev-parse', 'main')).toBe(before),
    log: ['[commit] succeeded', '[wait] succeeded', '[verify] succeeded'],
    timeoutMs: 180_000,
  });
  const commit = gitops('rev-parse', 'main');
  expect(commit).not.toBe(before);
  expect(gitops('log', '-1', '--format=%s', commit)).toBe(
    'chore: promote agent-registry v1.2.3 from dev to qa',
  );
  expect(gitops('show', `${commit}:${QA_OVERLAY}`)).toContain('newTag: v1.2.3');
  expect(run.result).toBe(
    `Promoted v1.2.3 from dev to qa: commit ${commit.slice(0, 12)}, argocd/agent-registry-qa Synced and Healthy`,
  );
  const deployment = await kubeGet(flow.dev, deploymentPath('cmp-qa', 'agent-registry'));
  expect(deployment.spec.template.spec.containers[0].image).toBe(`${IMAGE}:v1.2.3`);
  const app = await kubeGet(flow.dev, APPLICATION_PATH);
  expect(app.status.sync).toMatchObject({ status: 'Synced', revision: commit });
  expect(app.status.health.status).toBe('Healthy');
});

test('Promote image: a commit to the qa overlay after the dry run fails the task with a ConflictError naming it', async () => {
  const page = flow.page;
  await openTemplate(TEMPLATE, formData({ tag: 'v1.2.4' }));
  await page.getByRole('heading', { name: template(TEMPLATE).title }).first().waitFor();
  await expectTarget('gsv-dev', 'dev');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('This change is outside the maintenance window').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  const dryRun = await awaitDryRun();
  expect(dryRun).toContain('Dry run: would promote v1.2.4 from dev to qa');

  const theirs = pushToQaOverlay(
    text => text.replace('newTag: v1.2.3', 'newTag: v1.2.3-hotfix'),
    'chore: qa runs the hotfix',
  );
  await page.getByLabel('I have reviewed this plan').check();
  await page.getByLabel(template(TEMPLATE).confirmTitle).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\/[0-9a-f-]+$/, { timeout: 30_000 });
  const taskId = page.url().split('/').pop()!;
  await waitFor(
    `task ${taskId} to fail`,
    async () => {
      const task = await backend<ScaffolderTask>(`/api/scaffolder/v2/tasks/${taskId}`);
      return ['failed', 'completed'].includes(task.status) ? task.status : undefined;
    },
    { timeoutMs: 120_000, onTimeout: () => flow.stack.logs() },
  ).then(status => expect(status).toBe('failed'));

  const conflict = `commit ${theirs.slice(0, 12)} "chore: qa runs the hotfix" by Bob <bob@gsv.example>`;
  expect(await taskLog(taskId)).toContain(conflict);
  const operation = await operationOfTask(AGENT_REGISTRY, taskId);
  expect(operation).toMatchObject({ runbook: 'image-promote', status: 'failed', dryRun: false });
  // nothing written: main is their commit, and qa still runs what the first test promoted
  expect(gitops('rev-parse', 'main')).toBe(theirs);
  const deployment = await kubeGet(flow.dev, deploymentPath('cmp-qa', 'agent-registry'));
  expect(deployment.spec.template.spec.containers[0].image).toBe(`${IMAGE}:v1.2.3`);
});
