import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GITOPS_SEED_FILES } from './seedFiles';

const IDENTITY = ['-c', 'user.name=GSV platform', '-c', 'user.email=platform@gsv.example', '-c', 'init.defaultBranch=main'];

/**
 * The GitOps repository Argo CD reconciles from: a bare Git repository on disk (`file://` URL), created and seeded
 * with the platform's kustomize layout the first time a cluster starts with it. Several clusters can share one
 * (dev and prod read their overlays from the same repository). Read with the git CLI, synchronously, as the
 * controllers reconcile synchronously; a file at a commit is cached (it cannot change).
 */
export class GitOpsRepository {
  readonly url: string;
  private readonly files = new Map<string, string | undefined>();

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
    try {
      return git(this.dir, ['rev-parse', '--verify', '--quiet', `${revision === 'HEAD' ? 'HEAD' : revision}^{commit}`]).trim();
    } catch {
      return undefined;
    }
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
    const [message, author] = git(this.dir, ['log', '-1', '--format=%s%n%an <%ae>', commit]).split('\n');
    return { message, author };
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
