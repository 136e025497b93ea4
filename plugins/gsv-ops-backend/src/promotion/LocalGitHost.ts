import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';
import type { GitCommitInfo, GitFile, GitHost, PullRequest, PullRequestHost } from './GitHost';
import { pullUrl, readPulls, writePulls } from './localPulls';

/**
 * A GitOps repository on this machine (`file://` URL): the embedded default, where the devcluster's bare repository
 * plays the Git host. Read and written with isomorphic-git (no git CLI needed). A promotion is a direct commit, or a
 * pull request: a branch plus a record in the repository's `gsv-pulls.json`, which the devcluster merges
 * (`POST /devcluster/gitops/pulls/<n>/merge`).
 */
export class LocalGitHost implements GitHost {
  handles(repoURL: string): boolean {
    return repoURL.startsWith('file://');
  }

  async readFile(repoURL: string, branch: string, path: string): Promise<GitFile> {
    const gitdir = this.gitdir(repoURL);
    const commit = await this.head(gitdir, branch);
    try {
      const { blob } = await git.readBlob({ fs, gitdir, oid: commit, filepath: path });
      return { commit, text: Buffer.from(blob).toString('utf8') };
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') return { commit };
      throw e;
    }
  }

  async lastChange(repoURL: string, options: { base: string; head: string; path: string }): Promise<GitCommitInfo | undefined> {
    const gitdir = this.gitdir(repoURL);
    const [newest] = await git.log({ fs, gitdir, ref: options.head, filepath: options.path, force: true, depth: 1 });
    if (!newest || newest.oid === options.base) return undefined;
    // the file's newest change is base or one of its ancestors: nothing changed it since
    if (await git.isDescendent({ fs, gitdir, oid: options.base, ancestor: newest.oid, depth: -1 })) return undefined;
    return { sha: newest.oid, message: newest.commit.message.split('\n')[0], author: `${newest.commit.author.name} <${newest.commit.author.email}>` };
  }

  async commitFile(
    repoURL: string,
    options: { branch: string; base: string; path: string; text: string; message: string; author: { name: string; email: string } },
  ): Promise<string> {
    const gitdir = this.gitdir(repoURL);
    const head = await this.head(gitdir, options.branch);
    if (head !== options.base) {
      throw new ConflictError(`branch ${options.branch} moved from ${options.base.slice(0, 12)} to ${head.slice(0, 12)} while the promotion was planned`);
    }
    const oid = await this.writeFileCommit(gitdir, head, options);
    // compare-and-swap as close to the write as isomorphic-git allows: a push that landed meanwhile wins
    if ((await this.head(gitdir, options.branch)) !== head) {
      throw new ConflictError(`branch ${options.branch} moved while the promotion was being written; nothing was written`);
    }
    await git.writeRef({ fs, gitdir, ref: `refs/heads/${options.branch}`, value: oid, force: true });
    return oid;
  }

  async openPullRequest(repoURL: string, options: Parameters<PullRequestHost['openPullRequest']>[1]): Promise<PullRequest> {
    const gitdir = this.gitdir(repoURL);
    const pulls = readPulls(gitdir);
    const open = pulls.find(pull => pull.head === options.head && pull.state === 'open');
    if (open) throw new ConflictError(`Pull request ${pullUrl(repoURL, open.number)} of branch ${options.head} is still open; merge or close it first`);
    await this.head(gitdir, options.base);
    const message = `${options.title}\n\n${options.body}`;
    const headCommit = await this.writeFileCommit(gitdir, options.baseCommit, { ...options, message });
    await git.writeRef({ fs, gitdir, ref: `refs/heads/${options.head}`, value: headCommit, force: true });
    const number = Math.max(0, ...pulls.map(pull => pull.number)) + 1;
    const { title, body, head, base, baseCommit } = options;
    writePulls(gitdir, [...pulls, { number, title, body, head, base, baseCommit, headCommit, state: 'open' }]);
    return { number, url: pullUrl(repoURL, number), state: 'open' };
  }

  async getPullRequest(repoURL: string, number: number): Promise<PullRequest> {
    const pull = readPulls(this.gitdir(repoURL)).find(candidate => candidate.number === number);
    if (!pull) throw new NotFoundError(`The GitOps repository ${repoURL} has no pull request #${number}`);
    return { number, url: pullUrl(repoURL, number), state: pull.state, mergeCommit: pull.mergeCommit, conflict: pull.conflict };
  }

  /** A commit on `parent` whose tree is the parent's with `text` as `path`; moves no branch. */
  private async writeFileCommit(gitdir: string, parent: string, options: { path: string; text: string; message: string; author: { name: string; email: string } }): Promise<string> {
    const { commit } = await git.readCommit({ fs, gitdir, oid: parent });
    const blob = await git.writeBlob({ fs, gitdir, blob: Buffer.from(options.text, 'utf8') });
    const tree = await this.replaceInTree(gitdir, commit.tree, options.path.split('/'), blob);
    const timestamp = Math.floor(Date.now() / 1000);
    const person = { ...options.author, timestamp, timezoneOffset: 0 };
    return git.writeCommit({ fs, gitdir, commit: { message: `${options.message}\n`, tree, parent: [parent], author: person, committer: person } });
  }

  private gitdir(repoURL: string): string {
    const path = fileURLToPath(repoURL);
    if (!fs.existsSync(path)) throw new NotFoundError(`The GitOps repository ${repoURL} does not exist on this machine`);
    return path;
  }

  private async head(gitdir: string, branch: string): Promise<string> {
    try {
      return await git.resolveRef({ fs, gitdir, ref: `refs/heads/${branch}` });
    } catch {
      throw new InputError(`The GitOps repository has no branch ${branch}`);
    }
  }

  /** Writes the trees from the changed file up to the root; answers the new root tree. */
  private async replaceInTree(gitdir: string, treeOid: string, parts: string[], blob: string): Promise<string> {
    const { tree } = await git.readTree({ fs, gitdir, oid: treeOid });
    const [name, ...rest] = parts;
    const existing = tree.find(entry => entry.path === name);
    const oid = rest.length === 0 ? blob : await this.replaceInTree(gitdir, existing?.oid ?? (await git.writeTree({ fs, gitdir, tree: [] })), rest, blob);
    const entry = { mode: rest.length === 0 ? '100644' : '040000', path: name, oid, type: rest.length === 0 ? ('blob' as const) : ('tree' as const) };
    const entries = [...tree.filter(candidate => candidate.path !== name), entry];
    return git.writeTree({ fs, gitdir, tree: entries });
  }
}
