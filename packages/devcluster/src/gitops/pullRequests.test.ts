import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushFile } from '../__testUtils__/gitops';
import { git, GitOpsRepository } from './GitOpsRepository';
import {
  mergePullRequest,
  PULLS_FILE,
  PullRequestError,
  readPullRequests,
} from './pullRequests';

const QA = 'apps/agent-registry/overlays/qa/kustomization.yaml';

describe('pull requests of the embedded GitOps repository', () => {
  let dir: string;
  let repository: GitOpsRepository;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gitops-pulls-'));
    repository = GitOpsRepository.openOrCreate(join(dir, 'gitops.git'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A branch off main changing the qa overlay, recorded as pull request #1 the way GSV Ops' local host records it. */
  function openPull(): { baseCommit: string; headCommit: string } {
    const baseCommit = repository.resolve('main')!;
    git(repository.dir, [
      'branch',
      'gsv/promote-agent-registry-v1.2.3',
      baseCommit,
    ]);
    const text = repository
      .readFile(baseCommit, QA)!
      .replace('newTag: v1.2.2', 'newTag: v1.2.3');
    const headCommit = pushFile(repository.dir, {
      branch: 'gsv/promote-agent-registry-v1.2.3',
      path: QA,
      text,
      message: 'promote v1.2.3 to qa',
    });
    const pull = {
      number: 1,
      title: 'Promote v1.2.3 to qa',
      head: 'gsv/promote-agent-registry-v1.2.3',
      base: 'main',
      baseCommit,
      headCommit,
      state: 'open',
    };
    writeFileSync(
      join(repository.dir, PULLS_FILE),
      JSON.stringify({ pulls: [pull] }),
    );
    return { baseCommit, headCommit };
  }

  it('merges an open pull request with a merge commit of base and head', () => {
    const { baseCommit, headCommit } = openPull();
    const merged = mergePullRequest(repository.dir, 1);
    expect(merged).toMatchObject({
      state: 'merged',
      mergeCommit: repository.resolve('main'),
    });
    expect(
      git(repository.dir, ['rev-list', '--parents', '-n', '1', 'main'])
        .trim()
        .split(' ')
        .slice(1),
    ).toEqual([baseCommit, headCommit]);
    expect(repository.readFile(merged.mergeCommit!, QA)).toContain(
      'newTag: v1.2.3',
    );
    expect(readPullRequests(repository.dir)[0].state).toBe('merged');
    expect(() => mergePullRequest(repository.dir, 1)).toThrow(
      new PullRequestError('Pull request #1 is merged, not open', 409),
    );
    expect(() => mergePullRequest(repository.dir, 7)).toThrow(
      'There is no pull request #7',
    );
  });

  it('keeps what base gained meanwhile in other files', () => {
    openPull();
    pushFile(repository.dir, {
      path: 'README.md',
      text: 'changed\n',
      message: 'docs',
    });
    const merged = mergePullRequest(repository.dir, 1);
    expect(merged.state).toBe('merged');
    expect(repository.readFile(merged.mergeCommit!, 'README.md')).toBe(
      'changed\n',
    );
    expect(repository.readFile(merged.mergeCommit!, QA)).toContain(
      'newTag: v1.2.3',
    );
  });

  it('marks the pull request conflicted, naming the commit, when base changed its file; base stays as it was', () => {
    const { baseCommit } = openPull();
    const theirs = pushFile(repository.dir, {
      path: QA,
      text: repository
        .readFile(baseCommit, QA)!
        .replace('v1.2.2', 'v1.2.2-hotfix'),
      message: 'qa runs the hotfix',
    });
    const pull = mergePullRequest(repository.dir, 1);
    expect(pull).toMatchObject({
      state: 'conflicted',
      conflict: {
        sha: theirs,
        message: 'qa runs the hotfix',
        author: 'Jane <jane@gsv.example>',
      },
    });
    expect(repository.resolve('main')).toBe(theirs);
  });
});
