import * as fs from 'node:fs';
import { join } from 'node:path';
import type { PullRequest } from './GitHost';

/** A pull request as the devcluster's GitOps repository records it (packages/devcluster/src/gitops/pullRequests.ts). */
export type LocalPullRecord = Pick<
  PullRequest,
  'number' | 'state' | 'mergeCommit' | 'conflict'
> & {
  title: string;
  body?: string;
  /** The branch with the change, the branch it merges into, and the commits they started from / end at. */
  head: string;
  base: string;
  baseCommit: string;
  headCommit: string;
};

const PULLS_FILE = 'gsv-pulls.json';

export function readPulls(gitdir: string): LocalPullRecord[] {
  const file = join(gitdir, PULLS_FILE);
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')).pulls as LocalPullRecord[])
    : [];
}

/** Replaces the records (written aside, then renamed: a reader sees the old list or the new one). */
export function writePulls(gitdir: string, pulls: LocalPullRecord[]): void {
  const building = join(gitdir, `${PULLS_FILE}.${process.pid}.tmp`);
  fs.writeFileSync(building, `${JSON.stringify({ pulls }, null, 2)}\n`);
  fs.renameSync(building, join(gitdir, PULLS_FILE));
}

/** Where the devcluster serves a pull request's merge (`<repoURL>/pulls/<n>`, also its name in messages). */
export function pullUrl(repoURL: string, number: number): string {
  return `${repoURL.replace(/\/+$/, '')}/pulls/${number}`;
}
