import {
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './GitOpsRepository';

/**
 * The pull requests of the embedded GitOps repository: a branch (`head`) plus a record in `gsv-pulls.json` next to
 * the Git directory's refs, which GSV Ops' local Git host writes when it opens one. Merging plays the Git host: a
 * merge commit onto `base`, or `conflicted` when a file of the pull request changed on `base` since `baseCommit`.
 */
export interface PullRequestRecord {
  number: number;
  title: string;
  body?: string;
  /** The branch with the change, and the branch it merges into. */
  head: string;
  base: string;
  /** The commit of `base` the change was made on, and the head commit of the change. */
  baseCommit: string;
  headCommit: string;
  state: 'open' | 'merged' | 'conflicted' | 'closed';
  mergeCommit?: string;
  /** The commit of `base` that changed a file of the pull request after `baseCommit`. */
  conflict?: { sha: string; message: string; author: string };
}

export const PULLS_FILE = 'gsv-pulls.json';

export function readPullRequests(gitDir: string): PullRequestRecord[] {
  const file = join(gitDir, PULLS_FILE);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')).pulls as PullRequestRecord[])
    : [];
}

function writePullRequests(gitDir: string, pulls: PullRequestRecord[]): void {
  const building = join(gitDir, `${PULLS_FILE}.${process.pid}.tmp`);
  writeFileSync(building, `${JSON.stringify({ pulls }, null, 2)}\n`);
  renameSync(building, join(gitDir, PULLS_FILE));
}

/** Why a merge was refused: no such pull request (404) or not open (409). */
export class PullRequestError extends Error {
  constructor(message: string, readonly status: 404 | 409) {
    super(message);
  }
}

const revParse = (gitDir: string, revision: string) =>
  git(gitDir, ['rev-parse', '--verify', `${revision}^{commit}`]).trim();

/** The newest commit of `base` after `since` that changed one of `paths`. */
function conflictingCommit(
  gitDir: string,
  since: string,
  base: string,
  paths: string[],
) {
  const out = git(gitDir, [
    'log',
    '-1',
    '--format=%H%n%s%n%an <%ae>',
    `${since}..${base}`,
    '--',
    ...paths,
  ]).trim();
  if (!out) return undefined;
  const [sha, message, author] = out.split('\n');
  return { sha, message, author };
}

/** The tree of `base` with the pull request's files as its head has them. */
function mergedTree(
  gitDir: string,
  base: string,
  head: string,
  paths: string[],
): string {
  const env = {
    GIT_INDEX_FILE: join(
      tmpdir(),
      `gsv-gitops-index-${process.pid}-${Date.now()}`,
    ),
  };
  try {
    git(gitDir, ['read-tree', base], undefined, env);
    for (const path of paths) {
      const entry = git(gitDir, ['ls-tree', head, '--', path]).trim();
      if (!entry)
        git(
          gitDir,
          ['update-index', '--force-remove', '--', path],
          undefined,
          env,
        );
      else {
        const [mode, , oid] = entry.split(/\s+/);
        git(
          gitDir,
          ['update-index', '--add', '--cacheinfo', `${mode},${oid},${path}`],
          undefined,
          env,
        );
      }
    }
    return git(gitDir, ['write-tree'], undefined, env).trim();
  } finally {
    rmSync(env.GIT_INDEX_FILE, { force: true });
  }
}

/** Merges an open pull request (a merge commit onto its base branch); answers the record as it is afterwards. */
export function mergePullRequest(
  gitDir: string,
  number: number,
): PullRequestRecord {
  const pulls = readPullRequests(gitDir);
  const pull = pulls.find(candidate => candidate.number === number);
  if (!pull)
    throw new PullRequestError(`There is no pull request #${number}`, 404);
  if (pull.state !== 'open')
    throw new PullRequestError(
      `Pull request #${number} is ${pull.state}, not open`,
      409,
    );
  const base = revParse(gitDir, `refs/heads/${pull.base}`);
  const paths = git(gitDir, [
    'diff',
    '--name-only',
    pull.baseCommit,
    pull.headCommit,
  ])
    .split('\n')
    .filter(Boolean);
  const conflict =
    base === pull.baseCommit
      ? undefined
      : conflictingCommit(gitDir, pull.baseCommit, base, paths);
  if (conflict) {
    Object.assign(pull, { state: 'conflicted', conflict });
  } else {
    const tree = mergedTree(gitDir, base, pull.headCommit, paths);
    const message = `Merge pull request #${number} from ${pull.head}\n\n${pull.title}`;
    const merge = git(gitDir, [
      'commit-tree',
      tree,
      '-p',
      base,
      '-p',
      pull.headCommit,
      '-m',
      message,
    ]).trim();
    // compare-and-swap: a push to base meanwhile makes git refuse the update
    git(gitDir, ['update-ref', `refs/heads/${pull.base}`, merge, base]);
    Object.assign(pull, { state: 'merged', mergeCommit: merge });
  }
  writePullRequests(gitDir, pulls);
  return pull;
}
