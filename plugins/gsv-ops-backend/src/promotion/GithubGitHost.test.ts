import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { FakeGithub } from './__testUtils__/fakeGithub';
import { GithubGitHost } from './GithubGitHost';

const TOKEN = 'ghp_fake-token-of-the-test';
const REPO_URL = 'https://github.example/gsv/gitops.git';
const OVERLAY = 'apps/agent-registry/overlays/qa/kustomization.yaml';
const KUSTOMIZATION =
  'images:\n  - name: ghcr.io/digitlify-inc/agent-registry\n    newTag: v1.2.2\n';
const AUTHOR = { name: 'GSV Ops', email: 'gsv-ops@gsv.example' };

const hostWith = (apiBaseUrl: string, token: string) =>
  GithubGitHost.fromConfig(
    new ConfigReader({
      integrations: { github: [{ host: 'github.example', apiBaseUrl, token }] },
    }),
  );

describe('GithubGitHost against a fake GitHub Enterprise REST API', () => {
  let github: FakeGithub;
  let apiBaseUrl: string;
  let host: GithubGitHost;

  beforeEach(async () => {
    github = new FakeGithub('gsv', 'gitops', TOKEN);
    apiBaseUrl = await github.start();
    host = hostWith(apiBaseUrl, TOKEN);
    github.push(
      'main',
      { [OVERLAY]: KUSTOMIZATION, 'README.md': 'GitOps\n' },
      'init',
    );
  });
  afterEach(async () => {
    await github.stop();
  });

  const main = () => github.refs.get('heads/main')!;
  const promote = (base: string) =>
    host.commitFile(REPO_URL, {
      branch: 'main',
      base,
      path: OVERLAY,
      text: KUSTOMIZATION.replace('v1.2.2', 'v1.2.3'),
      message: 'chore: promote',
      author: AUTHOR,
    });

  it('handles the https, ssh:// and git@ forms of a configured host only', () => {
    expect(host.handles(REPO_URL)).toBe(true);
    expect(host.handles('https://github.example/gsv/gitops')).toBe(true);
    expect(host.handles('git@github.example:gsv/gitops.git')).toBe(true);
    expect(host.handles('ssh://git@github.example:2222/gsv/gitops.git')).toBe(
      true,
    );
    // github.com is Backstage's implicit anonymous integration, not configured here
    expect(host.handles('https://github.com/gsv/gitops.git')).toBe(false);
    expect(host.handles('https://github.example/gsv')).toBe(false);
    expect(host.handles('file:///tmp/gitops.git')).toBe(false);
  });

  it('reads a file at the head of a branch (and no file where there is none), sending the configured token', async () => {
    expect(
      await host.readFile('git@github.example:gsv/gitops.git', 'main', OVERLAY),
    ).toEqual({ commit: main(), text: KUSTOMIZATION });
    expect(
      await host.readFile(REPO_URL, 'main', 'apps/nothing/kustomization.yaml'),
    ).toEqual({ commit: main() });
    expect(github.authorizations.length).toBeGreaterThan(0);
    expect(
      github.authorizations.every(header => header === `token ${TOKEN}`),
    ).toBe(true);
  });

  it('commits a fast-forward: blob, tree on the base tree, commit by the author, branch moved', async () => {
    const base = main();
    const sha = await promote(base);
    expect(main()).toBe(sha);
    const commit = github.commits.get(sha)!;
    expect(commit.parents).toEqual([base]);
    expect(commit.author).toMatchObject(AUTHOR);
    expect(github.filesOf(sha)).toEqual({
      [OVERLAY]: KUSTOMIZATION.replace('v1.2.2', 'v1.2.3'),
      'README.md': 'GitOps\n',
    });
  });

  it('a branch that moved since the plan → ConflictError naming both commits; nothing written', async () => {
    const planned = main();
    const theirs = github.push(
      'main',
      { 'README.md': 'GitOps, edited\n' },
      'docs',
    );
    const commits = github.commits.size;
    const error = await promote(planned).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      `branch main moved from ${planned.slice(0, 12)} to ${theirs.slice(
        0,
        12,
      )} while the promotion was planned; nothing was written`,
    );
    expect(main()).toBe(theirs);
    expect(github.commits.size).toBe(commits);
  });

  it('a push that lands while the commit is written → GitHub refuses the non-fast-forward (422) → ConflictError', async () => {
    const planned = main();
    let theirs = '';
    github.beforeRequest = method => {
      if (method !== 'PATCH') return;
      github.beforeRequest = undefined;
      theirs = github.push(
        'main',
        { [OVERLAY]: KUSTOMIZATION.replace('v1.2.2', 'v1.2.2-hotfix') },
        'chore: qa runs the hotfix',
      );
    };
    const error = await promote(planned).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'branch main moved while the promotion was being written (GitHub: Update is not a fast forward); nothing was written',
    );
    expect(main()).toBe(theirs);
  });

  it('names the newest commit since the base that changed the file; none when only other files changed', async () => {
    const base = main();
    github.push('main', { 'README.md': 'GitOps, edited\n' }, 'docs');
    expect(
      await host.lastChange(REPO_URL, { base, head: main(), path: OVERLAY }),
    ).toBeUndefined();
    const hotfix = github.push(
      'main',
      { [OVERLAY]: 'images: []\n' },
      'chore: qa runs the hotfix\n\nlong body',
    );
    github.push('main', { 'README.md': 'GitOps, again\n' }, 'docs');
    expect(
      await host.lastChange(REPO_URL, { base, head: main(), path: OVERLAY }),
    ).toEqual({
      sha: hotfix,
      message: 'chore: qa runs the hotfix',
      author: 'Bob <bob@gsv.example>',
    });
  });

  const openPull = (baseCommit: string) =>
    host.openPullRequest(REPO_URL, {
      base: 'main',
      baseCommit,
      head: 'gsv/promote-agent-registry-qa-v1.2.3',
      path: OVERLAY,
      text: KUSTOMIZATION.replace('v1.2.2', 'v1.2.3'),
      title: 'chore: promote',
      body: 'GSV Ops operation 1',
      author: AUTHOR,
    });

  it('opens a pull request from its own branch off the base commit; a second one of the same branch is a conflict', async () => {
    const base = main();
    const pull = await openPull(base);
    expect(pull).toEqual({
      number: 1,
      url: 'https://github.example/gsv/gitops/pull/1',
      state: 'open',
    });
    const head = github.refs.get('heads/gsv/promote-agent-registry-qa-v1.2.3')!;
    expect(github.commits.get(head)!.parents).toEqual([base]);
    expect(github.commits.get(head)!.message).toBe(
      'chore: promote\n\nGSV Ops operation 1\n',
    );
    expect(main()).toBe(base);
    const error = await openPull(base).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain(
      'Pull request https://github.example/gsv/gitops/pull/1 of branch gsv/promote-agent-registry-qa-v1.2.3 is still open',
    );
  });

  it('maps open, merged and closed pull requests, and moves the branch an earlier closed pull request left', async () => {
    const pull = await openPull(main());
    expect(await host.getPullRequest(REPO_URL, pull.number)).toMatchObject({
      state: 'open',
    });
    const mergeCommit = github.merge(pull.number);
    expect(await host.getPullRequest(REPO_URL, pull.number)).toEqual({
      number: 1,
      url: pull.url,
      state: 'merged',
      mergeCommit,
    });
    const again = await openPull(main());
    expect(
      github.commits.get(
        github.refs.get('heads/gsv/promote-agent-registry-qa-v1.2.3')!,
      )!.parents,
    ).toEqual([mergeCommit]);
    github.pulls[1].state = 'closed';
    expect(await host.getPullRequest(REPO_URL, again.number)).toEqual({
      number: 2,
      url: again.url,
      state: 'closed',
    });
  });

  it('a pull request whose base branch changed its file is conflicted, naming that commit', async () => {
    const pull = await openPull(main());
    github.push('main', { 'README.md': 'GitOps, edited\n' }, 'docs');
    expect((await host.getPullRequest(REPO_URL, pull.number)).state).toBe(
      'open',
    );
    const hotfix = github.push(
      'main',
      { [OVERLAY]: KUSTOMIZATION.replace('v1.2.2', 'v1.2.2-hotfix') },
      'chore: qa runs the hotfix',
    );
    expect(await host.getPullRequest(REPO_URL, pull.number)).toEqual({
      number: 1,
      url: pull.url,
      state: 'conflicted',
      conflict: {
        sha: hotfix,
        message: 'chore: qa runs the hotfix',
        author: 'Bob <bob@gsv.example>',
      },
    });
  });

  it('refused credentials → NotAllowedError naming the integration, never the token', async () => {
    const wrongToken = 'ghp_wrong-token-never-printed';
    const error = await hostWith(apiBaseUrl, wrongToken)
      .readFile(REPO_URL, 'main', OVERLAY)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'GitHub refused branch main of gsv/gitops on github.example (HTTP 401: Bad credentials); check the token or app of integrations.github host github.example: it needs contents and pull requests write access',
    );
    expect(
      JSON.stringify({ ...error, message: error.message, stack: error.stack }),
    ).not.toContain(wrongToken);
    expect(github.authorizations).toContain(`token ${wrongToken}`);
  });

  it('an unknown repository or branch → NotFoundError naming it', async () => {
    const error = await host
      .readFile('https://github.example/gsv/other.git', 'main', OVERLAY)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(
      /^GitHub has no branch main in gsv\/other on github\.example/,
    );
    await expect(host.readFile(REPO_URL, 'release', OVERLAY)).rejects.toThrow(
      /^GitHub has no branch release in gsv\/gitops/,
    );
  });
});
