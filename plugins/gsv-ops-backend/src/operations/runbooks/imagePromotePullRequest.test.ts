import {
  commitQaHotfix,
  QA_OVERLAY,
} from '../../promotion/__testUtils__/hotfix';
import { LocalGitHost } from '../../promotion/LocalGitHost';
import {
  devToQaPromotion,
  QA_PROMOTION_PARAMS as PARAMS,
} from '../../promotion/__testUtils__/qaPromotion';
import { jane, startTestbed, Testbed } from '../__testUtils__/testbed';
import { createImagePromote } from './imagePromote';

jest.setTimeout(60_000);

const CONFIG = devToQaPromotion('pull-request');

describe('image-promote in pull-request mode against the embedded cluster', () => {
  let bed: Testbed;
  const git = new LocalGitHost();

  beforeAll(async () => {
    bed = await startTestbed({
      runbooks: ({ registry, auditor }) => ({
        'image-promote': createImagePromote({
          config: CONFIG,
          clusters: registry,
          gitHosts: [git],
          auditor,
        }),
      }),
    });
  });
  afterAll(async () => {
    await bed?.stop();
  });

  const overlay = () => git.readFile(bed.dev.gitops.url, 'main', QA_OVERLAY);
  const merge = (number: number) =>
    bed.admin.requestJson<any>({
      method: 'POST',
      path: `/devcluster/gitops/pulls/${number}/merge`,
    });

  /** The operation once its `merge` step waits for the merge, and that step's message. */
  async function waitingForMerge(id: string): Promise<string> {
    for (;;) {
      const op = await bed.engine.get(id, jane);
      const step = op.steps.find(s => s.name === 'merge');
      if (step?.status === 'running') return step.message;
      if (!['pending', 'running'].includes(op.status))
        throw new Error(
          `operation ended ${op.status} before waiting: ${JSON.stringify(
            op.steps.at(-1),
          )}`,
        );
      await new Promise(r => setTimeout(r, 25));
    }
  }

  it('opens a pull request from gsv/promote-<app>-<tag>, waits for its merge, then syncs qa to the merge commit', async () => {
    const before = await overlay();
    const op = await bed.start('image-promote', PARAMS);
    const url = `${bed.dev.gitops.url}/pulls/1`;
    expect(await waitingForMerge(op.id)).toBe(
      `Waiting for the merge of ${url}`,
    );
    // nothing reached main yet: the change waits on its branch
    expect((await overlay()).commit).toBe(before.commit);
    expect(
      (
        await git.readFile(
          bed.dev.gitops.url,
          'gsv/promote-agent-registry-qa-v1.2.3',
          QA_OVERLAY,
        )
      ).text,
    ).toContain('newTag: v1.2.3');

    const merged = await merge(1);
    const done = await bed.finished(op.id, 40_000);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map(s => s.name)).toEqual([
      'validate',
      'policy',
      'lock',
      'read',
      'plan',
      'pull-request',
      'merge',
      'apply',
      'wait',
      'verify',
    ]);
    expect(merged.mergeCommit).toBe((await overlay()).commit);
    expect(done.result).toMatchObject({
      commit: merged.mergeCommit,
      tag: 'v1.2.3',
    });
    const app = await bed.registry
      .getCluster(bed.name)
      .client.requestJson<any>({
        path: '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/agent-registry-qa',
      });
    expect(app.status.sync).toMatchObject({
      status: 'Synced',
      revision: merged.mergeCommit,
    });
    expect(
      bed.auditor.events.find(e => e.options.eventId === 'gitops-pull-request'),
    ).toMatchObject({
      outcome: 'success',
      options: { meta: { head: 'gsv/promote-agent-registry-qa-v1.2.3' } },
    });
  });

  it('a pull request that conflicts at the merge fails the operation with a ConflictError naming it and the commit; nothing synced', async () => {
    const op = await bed.start('image-promote', { ...PARAMS, tag: 'v1.3.0' });
    await waitingForMerge(op.id);
    const theirs = await commitQaHotfix(git, bed.dev.gitops.url, 'v1.2.3');
    await expect(merge(2)).rejects.toThrow(/409|conflicts/);
    const done = await bed.finished(op.id);
    expect(done.status).toBe('failed');
    expect(done.steps.find(s => s.name === 'merge')?.message).toContain(
      `Pull request ${
        bed.dev.gitops.url
      }/pulls/2 conflicts with commit ${theirs.slice(
        0,
        12,
      )} "chore: qa runs the hotfix" by Bob <bob@gsv.example>`,
    );
    expect(done.steps.map(s => s.name)).not.toContain('apply');
    expect((await overlay()).commit).toBe(theirs);
  });
});
