import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const IDENTITY = ['-c', 'user.name=Jane', '-c', 'user.email=jane@gsv.example'];

/** Commits a file to a branch of a bare repository the way a person would: clone, edit, commit, push. Answers the commit. */
export function pushFile(gitDir: string, options: { branch?: string; path: string; text: string; message: string }): string {
  const branch = options.branch ?? 'main';
  const work = mkdtempSync(join(tmpdir(), 'gitops-test-'));
  const git = (...args: string[]) => execFileSync('git', [...IDENTITY, '-C', work, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    execFileSync('git', ['clone', '--quiet', '--branch', branch, gitDir, work], { stdio: 'ignore' });
    writeFileSync(join(work, options.path), options.text);
    git('commit', '--quiet', '--all', '-m', options.message);
    git('push', '--quiet', 'origin', branch);
    return git('rev-parse', 'HEAD').trim();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
