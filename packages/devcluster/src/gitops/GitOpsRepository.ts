import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GITOPS_SEED_FILES } from './seedFiles';

const IDENTITY = ['-c', 'user.name=GSV platform', '-c', 'user.email=platform@gsv.example', '-c', 'init.defaultBranch=main'];

/**
 * The GitOps repository Argo CD reconciles from: a bare Git repository on disk (`file://` URL), created and seeded
 * with the platform's kustomize layout the first time a cluster starts with it. Several clusters can share one
 * (dev and prod read their overlays from the same repository). Read with the git CLI, synchronously, as the
 * controllers reconcile synchronously; a file or a description at a commit is cached (it cannot change), and so is
 * what a branch names until the repository's refs change on disk (Argo CD polls every 3 min of simulated time: a
 * test that advances the clock by days must not spawn git thousands of times).
 */
export class GitOpsRepository {
  readonly url: string;
  private readonly files = new Map<string, string | undefined>();
  private readonly descriptions = new Map<string, { message: string; author: string }>();
  private readonly resolved = new Map<string, { refs: string; commit?: string }>();

  private constructor(readonly dir: string) {
    this.url = pathToFileURL(dir).href;
  }

  /** Opens the repository in `dir`, creating and seeding it when there is none yet. */
  static openOrCreate(dir: string): GitOpsRepository {
    const absolute = resolve(dir);
    if (!existsSync(join(absolute, 'HEAD'))) seedRepository(absolute);
    return new GitOpsRepository(absolute);
  }

  /** The commit a branch, tag or commit names; undefined when it names none. */
  resolve(revision: string): string | undefined {
    const refs = this.refsFingerprint(revision);
    const known = this.resolved.get(revision);
    if (known && known.refs === refs) return known.commit;
    let commit: string | undefined;
    try {
      commit = git(this.dir, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).trim();
    } catch {
      commit = undefined;
    }
    this.resolved.set(revision, { refs, commit });
    return commit;
  }

  /**
   * Changes whenever what `revision` names may have changed: the files git writes when a branch or tag moves (a
   * ref is replaced by a rename: a new inode) and HEAD. A full commit id names the same commit for ever.
   */
  private refsFingerprint(revision: string): string {
    if (/^[0-9a-f]{40}$/.test(revision)) return 'commit';
    return ['HEAD', 'packed-refs', 'refs/heads', `refs/heads/${revision}`, `refs/tags/${revision}`]
      .map(path => {
        try {
          const stat = statSync(join(this.dir, path));
          return `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
        } catch {
          return '-';
        }
      })
      .join('|');
  }

  /** A file's text at a commit; undefined when the commit has no such file. */
  readFile(commit: string, path: string): string | undefined {
    const key = `${commit}:${path}`;
    if (!this.files.has(key)) {
      let text: string | undefined;
      try {
        text = git(this.dir, ['show', key]);
      } catch {
        text = undefined;
      }
      this.files.set(key, text);
    }
    return this.files.get(key);
  }

  /** The subject line and author of a commit. */
  describe(commit: string): { message: string; author: string } {
    let description = this.descriptions.get(commit);
    if (!description) {
      const [message, author] = git(this.dir, ['log', '-1', '--format=%s%n%an <%ae>', commit]).split('\n');
      description = { message, author };
      this.descriptions.set(commit, description);
    }
    return description;
  }
}

/** Runs the git CLI on a bare repository (`env`: e.g. GIT_INDEX_FILE); answers its standard output. */
export function git(gitDir: string, args: string[], workTree?: string, env?: Record<string, string>): string {
  return execFileSync('git', [...IDENTITY, `--git-dir=${gitDir}`, ...(workTree ? [`--work-tree=${workTree}`] : []), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ? { ...process.env, ...env } : undefined,
  });
}

/** Builds the repository next to `dir` and renames it into place, so a cluster starting alongside sees all or nothing. */
function seedRepository(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  const building = mkdtempSync(join(dirname(dir), '.gitops-'));
  const workTree = mkdtempSync(join(tmpdir(), 'gitops-seed-'));
  try {
    execFileSync('git', [...IDENTITY, 'init', '--quiet', '--bare', building], { stdio: 'ignore' });
    for (const [path, text] of Object.entries(GITOPS_SEED_FILES)) {
      mkdirSync(dirname(join(workTree, path)), { recursive: true });
      writeFileSync(join(workTree, path), text);
    }
    git(building, ['add', '--all'], workTree);
    git(building, ['commit', '--quiet', '-m', 'GSV platform: agent-registry base and dev/qa/prod overlays'], workTree);
    try {
      renameSync(building, dir);
    } catch (e) {
      // another cluster seeded it first
      if (!existsSync(join(dir, 'HEAD'))) throw e;
    }
  } finally {
    rmSync(workTree, { recursive: true, force: true });
    rmSync(building, { recursive: true, force: true });
  }
}
