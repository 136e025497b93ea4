import { ConflictError, InputError } from '@backstage/errors';
import { commitQaHotfix, QA_OVERLAY } from '../../promotion/__testUtils__/hotfix';
import { LocalGitHost } from '../../promotion/LocalGitHost';
import type { PromotionConfig } from '../../promotion/promotionConfig';
import { backendWrites, jane, startTestbed, Testbed } from '../__testUtils__/testbed';
import { createImagePromote } from './imagePromote';

jest.setTimeout(60_000);

const CONFIG: PromotionConfig = {
  mode: 'commit',
  environments: [
    { name: 'dev', cluster: 'gsv-dev' },
    { name: 'qa', cluster: 'gsv-dev' },
    { name: 'prod', cluster: 'gsv-prod' },
  ],
  author: { name: 'GSV Ops', email: 'gsv-ops@gsv.example' },
  pullRequest: { timeoutSeconds: 60, pollIntervalSeconds: 1 },
};
const PARAMS = { namespace: 'argocd', application: 'agent-registry-qa', fromEnvironment: 'dev', toEnvironment: 'qa' };

describe('image-promote against the embedded cluster and its GitOps repository', () => {
  let bed: Testbed;
  const git = new LocalGitHost();

  beforeAll(async () => {
    bed = await startTestbed({
      runbooks: ({ registry, auditor }) => ({ 'image-promote': createImagePromote({ config: CONFIG, clusters: registry, gitHosts: [git], auditor }) }),
    });
  });
  afterAll(async () => {
    await bed?.stop();
  });
  beforeEach(() => {
    bed.dev.requestLog.clear();
  });

  const read = (path: string) => bed.registry.getCluster(bed.name).client.requestJson<any>({ path });
  const qaApp = () => read('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/agent-registry-qa');
  const qaImage = async () => (await read('/apis/apps/v1/namespaces/cmp-qa/deployments/agent-registry')).spec.template.spec.containers[0].image;
  const overlay = () => git.readFile(bed.dev.gitops.url, 'main', QA_OVERLAY);

  it('dry run: the diff of the qa overlay and the rendered image change; nothing committed or synced', async () => {
    const before = await overlay();
    const op = await bed.start('image-promote', PARAMS, { dryRun: true });
    expect(op.status).toBe('succeeded');
    expect(op.summary).toMatch(/^Dry run: would promote v1\.2\.3 from dev to qa \(commit to apps\/agent-registry\/overlays\/qa\/kustomization\.yaml on main\)/);
    const diff = String(op.steps.find(s => s.name === 'plan')?.detail?.diff);
    expect(diff).toContain(`--- a/${QA_OVERLAY}`);
    expect(diff).toMatch(/-\s+newTag: v1\.2\.2\n\+\s+newTag: v1\.2\.3\n/);
    expect(diff).toContain('# rendered: deployment cmp-qa/agent-registry: ghcr.io/digitlify-inc/agent-registry:v1.2.2 → ghcr.io/digitlify-inc/agent-registry:v1.2.3');
    expect(op.result).toMatchObject({ baseCommit: before.commit, tag: 'v1.2.3', previousTag: 'v1.2.2' });
    expect((await overlay()).commit).toBe(before.commit);
    expect(backendWrites(bed.dev)).toEqual([]);
  });

  it('refuses a promotion out of order, naming the order', async () => {
    for (const [from, to, message] of [
      ['dev', 'prod', /dev promotes to qa, not to prod; the promotion order is dev → qa → prod/],
      ['qa', 'dev', /qa promotes to prod, not to dev/],
      ['stage', 'qa', /Unknown environment 'stage'/],
    ] as const) {
      const error = await bed.start('image-promote', { ...PARAMS, fromEnvironment: from, toEnvironment: to }, { dryRun: true }).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
    }
  });

  it('conflict: the qa overlay changed after the reviewed plan → ConflictError naming the commit, nothing written', async () => {
    const dry = await bed.engine.start({ runbook: 'image-promote', entityRef: 'component:default/agent-registry', cluster: bed.name, parameters: PARAMS, dryRun: true }, jane);
    const planned = await overlay();
    const theirs = await commitQaHotfix(git, bed.dev.gitops.url, 'v1.2.2');
    const op = await bed.engine.start(
      { runbook: 'image-promote', entityRef: 'component:default/agent-registry', cluster: bed.name, parameters: PARAMS, dryRun: false, reviewedDryRunId: dry.id },
      jane,
    );
    const done = await bed.finished(op.id);
    expect(done.status).toBe('failed');
    const readStep = done.steps.find(s => s.name === 'read');
    expect(readStep?.message).toContain(`changed since the plan at ${planned.commit.slice(0, 12)}: commit ${theirs.slice(0, 12)} "chore: qa runs the hotfix" by Bob <bob@gsv.example>`);
    expect(done.steps.map(s => s.name)).not.toContain('commit');
    expect((await overlay()).commit).toBe(theirs);
    expect(backendWrites(bed.dev)).toEqual([]);
    // the Git host itself refuses a write on a moved branch
    await expect(
      git.commitFile(bed.dev.gitops.url, { branch: 'main', base: planned.commit, path: QA_OVERLAY, text: 'x', message: 'x', author: { name: 'x', email: 'x@x' } }),
    ).rejects.toThrow(ConflictError);
  });

  it('commit mode: commits the qa overlay, syncs agent-registry-qa to that commit, Synced/Healthy, qa runs the promoted tag', async () => {
    const op = await bed.start('image-promote', PARAMS);
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map(s => `${s.name}:${s.status}`)).toEqual([
      'validate:succeeded',
      'policy:succeeded',
      'lock:succeeded',
      'read:succeeded',
      'plan:succeeded',
      'commit:succeeded',
      'apply:succeeded',
      'wait:succeeded',
      'verify:succeeded',
    ]);
    const head = await overlay();
    expect(done.result).toMatchObject({ commit: head.commit, tag: 'v1.2.3', previousTag: 'v1.2.2-hotfix' });
    expect(head.text).toContain('newTag: v1.2.3');
    expect(await qaImage()).toBe('ghcr.io/digitlify-inc/agent-registry:v1.2.3');
    const app = await qaApp();
    expect(app.status.sync).toMatchObject({ status: 'Synced', revision: head.commit });
    expect(app.status.health.status).toBe('Healthy');
    expect(app.status.operationState.operation.initiatedBy.username).toBe('user:default/jane');
    expect(backendWrites(bed.dev).map(w => `${w.verb} ${w.resource}/${w.name}`)).toEqual(['patch applications/agent-registry-qa']);
    const commitAudit = bed.auditor.events.find(e => e.options.eventId === 'gitops-commit');
    expect(commitAudit).toMatchObject({ outcome: 'success', options: { meta: { operationId: op.id, path: QA_OVERLAY } } });
  });
});
