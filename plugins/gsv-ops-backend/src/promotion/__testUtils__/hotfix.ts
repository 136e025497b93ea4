import type { LocalGitHost } from '../LocalGitHost';

export const QA_OVERLAY = 'apps/agent-registry/overlays/qa/kustomization.yaml';

/** Bob commits a hotfix tag (`<tag>-hotfix`) to the qa overlay on main, as a person would between plan and write. */
export async function commitQaHotfix(
  git: LocalGitHost,
  repoURL: string,
  tag: string,
): Promise<string> {
  const planned = await git.readFile(repoURL, 'main', QA_OVERLAY);
  return git.commitFile(repoURL, {
    branch: 'main',
    base: planned.commit,
    path: QA_OVERLAY,
    text: planned.text!.replace(`newTag: ${tag}`, `newTag: ${tag}-hotfix`),
    message: 'chore: qa runs the hotfix',
    author: { name: 'Bob', email: 'bob@gsv.example' },
  });
}
