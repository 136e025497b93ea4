import { createHash } from 'node:crypto';

export interface FakeCommit {
  sha: string;
  /** Creation order: GitHub's newest-first order of a listing. */
  seq: number;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}
/** A tree, flat: path → blob sha. */
export type FakeTree = Record<string, string>;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** A Git repository in memory, as FakeGithub serves it: blobs, flat trees, commits, branches. */
export class FakeGitRepository {
  readonly blobs = new Map<string, string>();
  readonly trees = new Map<string, FakeTree>();
  readonly commits = new Map<string, FakeCommit>();
  /** `heads/<branch>` → commit. */
  readonly refs = new Map<string, string>();
  private seq = 0;

  /** A person pushes a commit of `files` (path → text) onto `branch`, created when missing. Answers the commit. */
  push(
    branch: string,
    files: Record<string, string>,
    message: string,
    author = { name: 'Bob', email: 'bob@gsv.example' },
  ): string {
    const parent = this.refs.get(`heads/${branch}`);
    const blobs = Object.entries(files).map(([path, text]) => [
      path,
      this.blob(text),
    ]);
    const tree = this.tree({
      ...(parent ? this.treeOf(parent) : {}),
      ...Object.fromEntries(blobs),
    });
    const date = new Date().toISOString();
    const sha = this.commit(tree, parent ? [parent] : [], message, {
      ...author,
      date,
    });
    this.refs.set(`heads/${branch}`, sha);
    return sha;
  }

  /** The files of a commit: path → text. */
  filesOf(commit: string): Record<string, string> {
    const tree = Object.entries(this.treeOf(commit));
    return Object.fromEntries(
      tree.map(([path, blob]) => [path, this.blobs.get(blob)!]),
    );
  }

  blob(text: string): string {
    const sha = sha1(`blob\0${text}`);
    this.blobs.set(sha, text);
    return sha;
  }

  tree(entries: FakeTree): string {
    const sha = sha1(`tree\0${JSON.stringify(entries)}`);
    this.trees.set(sha, entries);
    return sha;
  }

  commit(
    tree: string,
    parents: string[],
    message: string,
    author: FakeCommit['author'],
  ): string {
    const seq = ++this.seq;
    const sha = sha1(`commit\0${seq}\0${tree}\0${message}`);
    this.commits.set(sha, { sha, seq, tree, parents, message, author });
    return sha;
  }

  treeOf(commit: string): FakeTree {
    return this.trees.get(this.commits.get(commit)!.tree)!;
  }

  /** A commit sha or a branch name → the commit. */
  resolve(ref: string): string | undefined {
    return this.commits.has(ref) ? ref : this.refs.get(`heads/${ref}`);
  }

  /** `commit` and every commit it descends from. */
  ancestors(commit: string): Set<string> {
    const seen = new Set<string>();
    const queue = [commit];
    while (queue.length > 0) {
      const sha = queue.pop()!;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...this.commits.get(sha)!.parents);
    }
    return seen;
  }

  /** Commits reachable from `head` that changed `path` (against their first parent), newest first. */
  history(head: string, path: string): FakeCommit[] {
    const blobAt = (sha?: string) => (sha ? this.treeOf(sha)[path] : undefined);
    return [...this.ancestors(head)]
      .map(sha => this.commits.get(sha)!)
      .filter(commit => blobAt(commit.sha) !== blobAt(commit.parents[0]))
      .sort((a, b) => b.seq - a.seq);
  }

  /** GitHub's compare of two commits: how `head` relates to `base`, and their newest common ancestor. */
  compare(base: string, head: string) {
    const [ofBase, ofHead] = [this.ancestors(base), this.ancestors(head)];
    const common = [...ofBase].filter(sha => ofHead.has(sha));
    const seqOf = (sha: string) => this.commits.get(sha)!.seq;
    const mergeBase = common.sort((a, b) => seqOf(b) - seqOf(a))[0];
    let status = 'diverged';
    if (base === head) status = 'identical';
    else if (ofHead.has(base)) status = 'ahead';
    else if (ofBase.has(head)) status = 'behind';
    return { status, mergeBase };
  }

  /** The paths whose blob differs between two commits. */
  changedPaths(from: string, to: string): string[] {
    const [before, after] = [this.treeOf(from), this.treeOf(to)];
    return Object.keys(after).filter(path => before[path] !== after[path]);
  }
}
