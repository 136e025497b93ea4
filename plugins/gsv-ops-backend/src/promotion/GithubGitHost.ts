import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  readGithubIntegrationConfig,
  ScmIntegrations,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';
import type {
  GitCommitInfo,
  GitFile,
  GitHost,
  PullRequest,
  PullRequestHost,
} from './GitHost';
import {
  githubError,
  githubMessage,
  githubStatus,
  parseGithubRepoURL,
  type GithubRepository,
} from './githubRepository';

/** One repository and an Octokit client holding its integration's credentials. */
interface Target {
  repository: GithubRepository;
  /** `{ owner, repo }`: the part of every request's parameters that names the repository. */
  params: { owner: string; repo: string };
  octokit: Octokit;
}

/** What a request may answer that is not an error for its caller. */
interface Expected<T> {
  notFound?: () => T;
  unprocessable?: (githubSaid: string) => T | Promise<T>;
}

const short = (sha: string) => sha.slice(0, 12);

/**
 * A GitOps repository on GitHub or GitHub Enterprise, through Backstage's `integrations.github` (host, `apiBaseUrl`,
 * token or GitHub App) and the REST API. A promotion is a commit made of blob → tree → commit that moves the branch
 * only by fast-forward (a push that landed meanwhile makes GitHub refuse it), or a pull request from its own branch.
 */
export class GithubGitHost implements GitHost, PullRequestHost {
  static fromConfig(config: Config): GithubGitHost {
    const integrations = ScmIntegrations.fromConfig(config);
    // each entry on its own: readGithubIntegrationConfigs would add github.com's implicit anonymous one
    const configured = (
      config.getOptionalConfigArray('integrations.github') ?? []
    ).map(entry => readGithubIntegrationConfig(entry).host);
    return new GithubGitHost(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      configured,
    );
  }

  /** `hosts`: the configured integrations' hosts (not github.com's implicit anonymous one). */
  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
    private readonly hosts: string[],
  ) {}

  handles(repoURL: string): boolean {
    return Boolean(this.integrationOf(repoURL));
  }

  /** The repository of `repoURL` and its configured integration; undefined when none is configured for it. */
  private integrationOf(repoURL: string) {
    const repository = parseGithubRepoURL(repoURL);
    if (!repository || !this.hosts.includes(repository.host)) return undefined;
    const integration = this.integrations.github.byHost(repository.host);
    return integration && { repository, integration };
  }

  async readFile(
    repoURL: string,
    branch: string,
    path: string,
  ): Promise<GitFile> {
    const target = await this.target(repoURL);
    const commit = await this.head(target, branch);
    const content = await this.call(
      target,
      `file ${path} at ${short(commit)}`,
      o => o.rest.repos.getContent({ ...target.params, path, ref: commit }),
      {
        notFound: () => undefined,
      },
    );
    if (!content) return { commit };
    if (Array.isArray(content) || content.type !== 'file')
      throw new InputError(`${path} of ${repoURL} is not a file`);
    // files over 1 MB come without content: read their blob
    const blob =
      content.encoding === 'base64'
        ? content
        : await this.call(target, `blob of ${path}`, o =>
            o.rest.git.getBlob({ ...target.params, file_sha: content.sha }),
          );
    return {
      commit,
      text: Buffer.from(blob.content, 'base64').toString('utf8'),
    };
  }

  async lastChange(
    repoURL: string,
    options: { base: string; head: string; path: string },
  ): Promise<GitCommitInfo | undefined> {
    return this.changeSince(await this.target(repoURL), options);
  }

  async commitFile(
    repoURL: string,
    options: {
      branch: string;
      base: string;
      path: string;
      text: string;
      message: string;
      author: { name: string; email: string };
    },
  ): Promise<string> {
    const target = await this.target(repoURL);
    const { branch, base } = options;
    const head = await this.head(target, branch);
    if (head !== base) {
      throw new ConflictError(
        `branch ${branch} moved from ${short(base)} to ${short(
          head,
        )} while the promotion was planned; nothing was written`,
      );
    }
    const commit = await this.writeFileCommit(target, head, options);
    await this.call(
      target,
      `update of branch ${branch}`,
      o =>
        o.rest.git.updateRef({
          ...target.params,
          ref: `heads/${branch}`,
          sha: commit,
          force: false,
        }),
      {
        unprocessable: said => {
          throw new ConflictError(
            `branch ${branch} moved while the promotion was being written (GitHub: ${said}); nothing was written`,
          );
        },
      },
    );
    return commit;
  }

  async openPullRequest(
    repoURL: string,
    options: Parameters<PullRequestHost['openPullRequest']>[1],
  ): Promise<PullRequest> {
    const target = await this.target(repoURL);
    const { owner } = target.params;
    const open = await this.call(
      target,
      `pull requests of branch ${options.head}`,
      o =>
        o.rest.pulls.list({
          ...target.params,
          head: `${owner}:${options.head}`,
          state: 'open',
        }),
    );
    if (open.length > 0)
      throw new ConflictError(
        `Pull request ${open[0].html_url} of branch ${options.head} is still open; merge or close it first`,
      );
    const commit = await this.writeFileCommit(target, options.baseCommit, {
      ...options,
      message: `${options.title}\n\n${options.body}`,
    });
    await this.pointBranch(target, options.head, commit);
    const pull = await this.call(
      target,
      `pull request from ${options.head} into ${options.base}`,
      o =>
        o.rest.pulls.create({
          ...target.params,
          head: options.head,
          base: options.base,
          title: options.title,
          body: options.body,
        }),
    );
    return { number: pull.number, url: pull.html_url, state: 'open' };
  }

  async getPullRequest(repoURL: string, number: number): Promise<PullRequest> {
    const target = await this.target(repoURL);
    const pull = await this.call(target, `pull request #${number}`, o =>
      o.rest.pulls.get({ ...target.params, pull_number: number }),
    );
    const found = { number, url: pull.html_url };
    if (pull.merged)
      return {
        ...found,
        state: 'merged',
        mergeCommit: pull.merge_commit_sha ?? undefined,
      };
    if (pull.state === 'closed') return { ...found, state: 'closed' };
    // mergeable is null while GitHub computes it: still open
    if (pull.mergeable === false) {
      return {
        ...found,
        state: 'conflicted',
        conflict: await this.conflictOf(
          target,
          number,
          pull.base.ref,
          pull.head.sha,
        ),
      };
    }
    return { ...found, state: 'open' };
  }

  /** The newest commit of the base branch, since the pull request branched off, that changed one of its files. */
  private async conflictOf(
    target: Target,
    number: number,
    baseBranch: string,
    headSha: string,
  ): Promise<GitCommitInfo | undefined> {
    const comparison = await this.call(
      target,
      `comparison of ${baseBranch} with pull request #${number}`,
      o =>
        o.rest.repos.compareCommitsWithBasehead({
          ...target.params,
          basehead: `${baseBranch}...${headSha}`,
        }),
    );
    const files = await this.call(
      target,
      `files of pull request #${number}`,
      o => o.rest.pulls.listFiles({ ...target.params, pull_number: number }),
    );
    for (const file of files) {
      const change = await this.changeSince(target, {
        base: comparison.merge_base_commit.sha,
        head: comparison.base_commit.sha,
        path: file.filename,
      });
      if (change) return change;
    }
    return undefined;
  }

  private async changeSince(
    target: Target,
    options: { base: string; head: string; path: string },
  ): Promise<GitCommitInfo | undefined> {
    const { base, head, path } = options;
    const [newest] = await this.call(target, `history of ${path}`, o =>
      o.rest.repos.listCommits({
        ...target.params,
        sha: head,
        path,
        per_page: 1,
      }),
    );
    if (!newest || newest.sha === base) return undefined;
    // base...newest is "behind" when the file's newest change is an ancestor of base: nothing changed it since
    const comparison = await this.call(
      target,
      `comparison of ${short(base)} with ${short(newest.sha)}`,
      o =>
        o.rest.repos.compareCommitsWithBasehead({
          ...target.params,
          basehead: `${base}...${newest.sha}`,
        }),
    );
    if (comparison.status === 'behind' || comparison.status === 'identical')
      return undefined;
    const author = newest.commit.author;
    return {
      sha: newest.sha,
      message: newest.commit.message.split('\n')[0],
      author: `${author?.name ?? 'unknown'} <${author?.email ?? 'unknown'}>`,
    };
  }

  /** A commit on `parent` whose tree is the parent's with `text` as `path`; moves no branch. */
  private async writeFileCommit(
    target: Target,
    parent: string,
    options: {
      path: string;
      text: string;
      message: string;
      author: { name: string; email: string };
    },
  ): Promise<string> {
    const { params } = target;
    const parentCommit = await this.call(target, `commit ${short(parent)}`, o =>
      o.rest.git.getCommit({ ...params, commit_sha: parent }),
    );
    const blob = await this.call(target, `new blob of ${options.path}`, o =>
      o.rest.git.createBlob({
        ...params,
        content: Buffer.from(options.text, 'utf8').toString('base64'),
        encoding: 'base64',
      }),
    );
    const tree = await this.call(target, `new tree with ${options.path}`, o =>
      o.rest.git.createTree({
        ...params,
        base_tree: parentCommit.tree.sha,
        tree: [
          { path: options.path, mode: '100644', type: 'blob', sha: blob.sha },
        ],
      }),
    );
    const author = { ...options.author, date: new Date().toISOString() };
    const commit = await this.call(
      target,
      `new commit on ${short(parent)}`,
      o =>
        o.rest.git.createCommit({
          ...params,
          message: `${options.message}\n`,
          tree: tree.sha,
          parents: [parent],
          author,
        }),
    );
    return commit.sha;
  }

  /** Creates branch `name` at `sha`; a branch left by an earlier (closed) pull request of the same name is moved. */
  private async pointBranch(
    target: Target,
    name: string,
    sha: string,
  ): Promise<void> {
    await this.call(
      target,
      `new branch ${name}`,
      o =>
        o.rest.git.createRef({
          ...target.params,
          ref: `refs/heads/${name}`,
          sha,
        }),
      {
        unprocessable: () =>
          this.call(target, `update of branch ${name}`, o =>
            o.rest.git.updateRef({
              ...target.params,
              ref: `heads/${name}`,
              sha,
              force: true,
            }),
          ),
      },
    );
  }

  private async head(target: Target, branch: string): Promise<string> {
    const ref = await this.call(target, `branch ${branch}`, o =>
      o.rest.git.getRef({ ...target.params, ref: `heads/${branch}` }),
    );
    return ref.object.sha;
  }

  private async target(repoURL: string): Promise<Target> {
    const found = this.integrationOf(repoURL);
    if (!found)
      throw new InputError(
        `No GitHub integration (integrations.github) is configured for ${repoURL}`,
      );
    const { repository, integration } = found;
    const { host, owner, repo } = repository;
    let token: string | undefined;
    try {
      token = (
        await this.credentials.getCredentials({
          url: `https://${host}/${owner}/${repo}`,
        })
      ).token;
    } catch (e) {
      throw new NotAllowedError(
        `integrations.github host ${host} has no credentials for ${owner}/${repo}: ${githubMessage(
          e,
        )}`,
      );
    }
    return {
      repository,
      params: { owner, repo },
      octokit: new Octokit({
        baseUrl: integration.config.apiBaseUrl,
        auth: token,
      }),
    };
  }

  /** Answers the response's data; maps GitHub's refusals to Backstage errors (see githubError). */
  private async call<T>(
    target: Target,
    what: string,
    request: (octokit: Octokit) => Promise<{ data: T }>,
  ): Promise<T>;
  private async call<T, U>(
    target: Target,
    what: string,
    request: (octokit: Octokit) => Promise<{ data: T }>,
    expected: Expected<U>,
  ): Promise<T | U>;
  private async call<T, U>(
    target: Target,
    what: string,
    request: (octokit: Octokit) => Promise<{ data: T }>,
    expected: Expected<U> = {},
  ): Promise<T | U> {
    try {
      return (await request(target.octokit)).data;
    } catch (e) {
      const status = githubStatus(e);
      if (status === 404 && expected.notFound) return expected.notFound();
      if (status === 422 && expected.unprocessable)
        return expected.unprocessable(githubMessage(e));
      throw githubError(target.repository, what, e);
    }
  }
}
