/** A file of the GitOps repository at the head of a branch. */
export interface GitFile {
  /** The branch's head commit. */
  commit: string;
  /** undefined: the commit has no such file. */
  text?: string;
}

/** A commit of the GitOps repository, as a person reads it in a conflict. */
export interface GitCommitInfo {
  sha: string;
  message: string;
  author: string;
}

/**
 * The Git host of the GitOps repository, as the promotion needs it: read a file at a branch, find who changed a file
 * since a commit, and write one file as a commit on a branch that has not moved since `base` (compare-and-swap).
 */
export interface GitHost extends Partial<PullRequestHost> {
  /** Can this host serve the repository of an Argo CD application's `spec.source.repoURL`? */
  handles(repoURL: string): boolean;
  readFile(repoURL: string, branch: string, path: string): Promise<GitFile>;
  /** The newest commit after `base` up to `head` that changed `path`; undefined when none did. */
  lastChange(repoURL: string, options: { base: string; head: string; path: string }): Promise<GitCommitInfo | undefined>;
  /**
   * Commits `text` as `path` on `branch`, whose head must still be `base`: a moved head rejects with ConflictError and
   * writes nothing. Answers the new commit.
   */
  commitFile(
    repoURL: string,
    options: { branch: string; base: string; path: string; text: string; message: string; author: { name: string; email: string } },
  ): Promise<string>;
}

/** A pull request of the GitOps repository, as the promotion waits on it. */
export interface PullRequest {
  number: number;
  /** Where a person reviews and merges it. */
  url: string;
  state: 'open' | 'merged' | 'conflicted' | 'closed';
  /** The commit that merged it into its base branch. */
  mergeCommit?: string;
  /** The commit of the base branch that conflicts with it. */
  conflict?: GitCommitInfo;
}

/** A Git host that reviews changes as pull requests (`gsvOps.promotion.mode: pull-request`). */
export interface PullRequestHost {
  /**
   * Commits `text` as `path` on a new branch `head` off `baseCommit` and opens a pull request into `base`. A pull
   * request of the same branch that is still open rejects with ConflictError naming it.
   */
  openPullRequest(
    repoURL: string,
    options: {
      base: string;
      baseCommit: string;
      head: string;
      path: string;
      text: string;
      title: string;
      body: string;
      author: { name: string; email: string };
    },
  ): Promise<PullRequest>;
  getPullRequest(repoURL: string, number: number): Promise<PullRequest>;
}
