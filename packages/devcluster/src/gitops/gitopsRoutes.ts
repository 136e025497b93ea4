import type { RouteRegistry } from '../server/RouteRegistry';
import {
  mergePullRequest,
  PullRequestError,
  readPullRequests,
} from './pullRequests';

/**
 * Admin endpoints of the embedded GitOps repository (admin token only), the reviewer's side of a promotion's pull
 * request:
 * - `GET /devcluster/gitops/pulls` — the pull requests and their state;
 * - `POST /devcluster/gitops/pulls/<n>/merge` — merges one (200 with the merge commit), or marks it conflicted when
 *   its base branch changed its files meanwhile (409 naming the commit).
 */
export function registerGitOpsRoutes(
  routes: RouteRegistry,
  gitDir: string,
): void {
  routes.add({
    method: 'GET',
    path: '/devcluster/gitops/pulls',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context =>
      context.sendJson(200, { pulls: readPullRequests(gitDir) }),
  });
  routes.add({
    method: 'POST',
    path: /^\/devcluster\/gitops\/pulls\/(\d+)\/merge$/,
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => {
      try {
        const pull = mergePullRequest(gitDir, Number(context.params[0]));
        if (pull.state === 'merged') context.sendJson(200, pull);
        else
          context.sendJson(409, {
            message: `Pull request #${pull.number} conflicts with commit ${
              pull.conflict!.sha
            } "${pull.conflict!.message}"`,
            pull,
          });
      } catch (e) {
        if (!(e instanceof PullRequestError)) throw e;
        context.sendJson(e.status, { message: e.message });
      }
    },
  });
}
