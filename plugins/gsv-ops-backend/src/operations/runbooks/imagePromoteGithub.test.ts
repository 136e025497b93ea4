import { ConfigReader } from '@backstage/config';
import { QA_OVERLAY } from '../../promotion/__testUtils__/hotfix';
import { FakeGithub } from '../../promotion/__testUtils__/fakeGithub';
import {
  devToQaPromotion,
  QA_PROMOTION_PARAMS as PARAMS,
} from '../../promotion/__testUtils__/qaPromotion';
import { GithubGitHost } from '../../promotion/GithubGitHost';
import { LocalGitHost } from '../../promotion/LocalGitHost';
import {
  backendWrites,
  jane,
  startTestbed,
  Testbed,
} from '../__testUtils__/testbed';
import { createImagePromote } from './imagePromote';

jest.setTimeout(60_000);

const TOKEN = 'ghp_token-of-the-engine-test';
const REPO_URL = 'https://github.example/gsv/gitops.git';
/** Mutable: the last test switches the runbook to pull-request mode. */
const CONFIG = devToQaPromotion('commit');
const HOTFIX = 'chore: qa runs the hotfix';

/**
 * image-promote through the engine against the embedded cluster, with the GitOps repository on a fake GitHub: the
 * Argo CD applications of dev and qa are pointed at it. The embedded Argo CD only syncs from its own repository, so
 * these runs stop before a sync: the dry run, and the two ways a promotion meets a concurrent change on GitHub.
 */
describe('image-promote with the GitOps repository on GitHub', () => {
  let bed: Testbed;
  const github = new FakeGithub('gsv', 'gitops', TOKEN);

  beforeAll(async () => {
    const apiBaseUrl = await github.start();
    const config = new ConfigReader({
      integrations: {
        github: [{ host: 'github.example', apiBaseUrl, token: TOKEN }],
      },
    });
    const gitHosts = [new LocalGitHost(), GithubGitHost.fromConfig(config)];
    bed = await startTestbed({
      runbooks: ({ registry, auditor }) => ({
        'image-promote': createImagePromote({
          config: CONFIG,
          clusters: registry,
          gitHosts,
          auditor,
        }),
      }),
    });
    await moveGitopsToGithub(bed);
  });
  afterAll(async () => {
    await bed?.stop();
    await github.stop();
  });

  /** The embedded repository's overlays pushed to GitHub, and the Argo CD applications deploying them pointed there. */
  async function moveGitopsToGithub(testbed: Testbed) {
    const local = new LocalGitHost();
    const files: Record<string, string> = {};
    for (const path of [QA_OVERLAY, QA_OVERLAY.replace('/qa/', '/dev/')]) {
      files[path] = (
        await local.readFile(testbed.dev.gitops.url, 'main', path)
      ).text!;
    }
    github.push('main', files, 'chore: the GitOps repository moves to GitHub');
    const apps = await testbed.admin.requestJson<any>({
      path: '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications',
    });
    const ours = apps.items.filter(
      (app: any) => app.spec.source?.repoURL === testbed.dev.gitops.url,
    );
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const app of ours) {
      await testbed.admin.requestJson({
        method: 'PATCH',
        path: `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${app.metadata.name}`,
        contentType: 'application/merge-patch+json',
        body: { spec: { source: { repoURL: REPO_URL } } },
      });
    }
  }

  const main = () => github.refs.get('heads/main')!;
  const hotfix = (tag: string) =>
    github.push(
      'main',
      {
        [QA_OVERLAY]: github
          .filesOf(main())
          [QA_OVERLAY].replace(`newTag: ${tag}`, `newTag: ${tag}-hotfix`),
      },
      HOTFIX,
    );

  it('dry run: reads the qa overlay from GitHub with the integration token and shows the diff; writes nothing', async () => {
    const [head, commits] = [main(), github.commits.size];
    const op = await bed.start('image-promote', PARAMS, { dryRun: true });
    expect(op.status).toBe('succeeded');
    const diff = String(op.steps.find(s => s.name === 'plan')?.detail?.diff);
    expect(diff).toMatch(/-\s+newTag: v1\.2\.2\n\+\s+newTag: v1\.2\.3\n/);
    expect(op.result).toMatchObject({
      repoURL: REPO_URL,
      baseCommit: head,
      previousTag: 'v1.2.2',
      tag: 'v1.2.3',
    });
    expect([main(), github.commits.size]).toEqual([head, commits]);
    expect(new Set(github.authorizations)).toEqual(new Set([`token ${TOKEN}`]));
  });

  it('commit mode: the overlay changed on GitHub after the reviewed plan → the run fails naming that commit; nothing written or synced', async () => {
    const request = {
      runbook: 'image-promote' as const,
      entityRef: 'component:default/agent-registry',
      cluster: bed.name,
      parameters: PARAMS,
    };
    const dry = await bed.engine.start({ ...request, dryRun: true }, jane);
    const planned = main();
    const theirs = hotfix('v1.2.2');
    const op = await bed.engine.start(
      { ...request, dryRun: false, reviewedDryRunId: dry.id },
      jane,
    );
    const done = await bed.finished(op.id);
    expect(done.status).toBe('failed');
    expect(done.steps.find(s => s.name === 'read')?.message).toContain(
      `changed since the plan at ${planned.slice(0, 12)}: commit ${theirs.slice(
        0,
        12,
      )} "${HOTFIX}" by Bob <bob@gsv.example>`,
    );
    expect(done.steps.map(s => s.name)).not.toContain('commit');
    expect(main()).toBe(theirs);
    expect(backendWrites(bed.dev)).toEqual([]);
  });

  it('pull-request mode: opens the pull request on GitHub; a hotfix on main meanwhile makes it conflict, and the run fails naming it', async () => {
    CONFIG.mode = 'pull-request';
    let theirs = '';
    github.beforeRequest = (method, path) => {
      if (method !== 'GET' || path !== 'pulls/1') return;
      // the first look at the pull request: a person pushes a hotfix of the same overlay just before it
      github.beforeRequest = undefined;
      theirs = hotfix('v1.2.2-hotfix');
    };
    const op = await bed.start('image-promote', { ...PARAMS, tag: 'v1.3.0' });
    const done = await bed.finished(op.id);
    expect(done.status).toBe('failed');
    const url = 'https://github.example/gsv/gitops/pull/1';
    expect(done.steps.find(s => s.name === 'pull-request')?.detail).toEqual({
      pullRequest: url,
    });
    expect(done.steps.find(s => s.name === 'merge')?.message).toContain(
      `Pull request ${url} conflicts with commit ${theirs.slice(
        0,
        12,
      )} "${HOTFIX}" by Bob <bob@gsv.example>`,
    );
    expect(done.steps.map(s => s.name)).not.toContain('apply');
    const branch = github.refs.get(
      'heads/gsv/promote-agent-registry-qa-v1.3.0',
    )!;
    expect(github.filesOf(branch)[QA_OVERLAY]).toContain('newTag: v1.3.0');
    expect(github.pulls[0]).toMatchObject({ base: 'main', state: 'open' });
    expect(backendWrites(bed.dev)).toEqual([]);
  });
});
