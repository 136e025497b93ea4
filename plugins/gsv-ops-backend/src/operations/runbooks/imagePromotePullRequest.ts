import type { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { GitHost, PullRequest } from '../../promotion/GitHost';
import type { PromotionConfig } from '../../promotion/promotionConfig';
import { cancellableSleep } from '../../services/WatchCache/sleep';
import { WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import type { RunbookContext } from './types';

/** What the pull request changes: one file of the GitOps repository, on a branch off the planned base commit. */
export interface PromotionChange {
  repoURL: string;
  branch: string;
  path: string;
  baseCommit: string;
  text: string;
  title: string;
  body: string;
}

/** `gsv/promote-<application>-<tag>`: the branch of a promotion's pull request. */
export const promotionBranch = (application: string, tag: string) =>
  `gsv/promote-${application}-${tag}`;

/** The host's pull-request side; InputError when the repository's host cannot open pull requests. */
export function pullRequestHost(
  host: GitHost,
  repoURL: string,
): Required<Pick<GitHost, 'openPullRequest' | 'getPullRequest'>> {
  if (!host.openPullRequest || !host.getPullRequest) {
    throw new InputError(
      `The Git host of ${repoURL} cannot open pull requests; set gsvOps.promotion.mode to commit`,
    );
  }
  return host as Required<Pick<GitHost, 'openPullRequest' | 'getPullRequest'>>;
}

/**
 * `gsvOps.promotion.mode: pull-request`: pushes the change as branch `gsv/promote-<application>-<tag>`, opens a pull
 * request, and waits (polling the host) until a person merges it. Answers the merge commit, which Argo CD then syncs.
 * A pull request that conflicts (its base changed the overlay meanwhile) fails with ConflictError naming it and the
 * commit; closed unmerged or not merged in time fails too.
 */
export async function promoteByPullRequest(
  options: { config: PromotionConfig; host: GitHost; auditor: AuditorService },
  ctx: RunbookContext<{ application: string; tag?: string }>,
  change: PromotionChange & { tag: string },
): Promise<string> {
  const host = pullRequestHost(options.host, change.repoURL);
  const head = promotionBranch(ctx.params.application, change.tag);
  const pull = await ctx.step(
    'pull-request',
    `Opening a pull request from ${head} into ${change.branch}`,
    async step => {
      const audit = await options.auditor.createEvent({
        eventId: 'gitops-pull-request',
        severityLevel: ctx.cluster.environment === 'prod' ? 'high' : 'medium',
        meta: {
          operationId: ctx.operationId,
          runbook: 'image-promote',
          initiatedBy: ctx.initiatedBy,
          repoURL: change.repoURL,
          base: change.branch,
          head,
          path: change.path,
        },
      });
      try {
        const opened = await host.openPullRequest(change.repoURL, {
          base: change.branch,
          baseCommit: change.baseCommit,
          head,
          path: change.path,
          text: change.text,
          title: change.title,
          body: change.body,
          author: options.config.author,
        });
        await audit.success({ meta: { pullRequest: opened.url } });
        step.detail({ pullRequest: opened.url });
        return opened;
      } catch (e) {
        await audit.fail({ error: e as Error });
        throw e;
      }
    },
  );
  const merged = await ctx.step(
    'merge',
    `Waiting for the merge of ${pull.url}`,
    () => awaitMerge(options.config, ctx, host, change.repoURL, pull),
  );
  return merged.mergeCommit!;
}

async function awaitMerge(
  config: PromotionConfig,
  ctx: RunbookContext<unknown>,
  host: Required<Pick<GitHost, 'getPullRequest'>>,
  repoURL: string,
  opened: PullRequest,
): Promise<PullRequest> {
  const started = ctx.now();
  const { timeoutSeconds, pollIntervalSeconds } = config.pullRequest;
  for (;;) {
    const pull = await host.getPullRequest(repoURL, opened.number);
    if (pull.state === 'merged' && pull.mergeCommit) return pull;
    if (pull.state === 'conflicted') {
      const by = pull.conflict
        ? `commit ${pull.conflict.sha.slice(0, 12)} "${
            pull.conflict.message
          }" by ${pull.conflict.author}`
        : 'a change of its base branch';
      throw new ConflictError(
        `Pull request ${pull.url} conflicts with ${by}, which changed the overlay after the plan. Nothing was synced; run the dry run again`,
      );
    }
    if (pull.state === 'closed')
      throw new WaitFailedError(
        `pull request ${pull.url} was closed without being merged; nothing was synced`,
      );
    if (ctx.now() - started >= timeoutSeconds * 1000) {
      throw new WaitTimeoutError(
        ctx.now() - started,
        `pull request ${pull.url} still open, not merged`,
      );
    }
    await cancellableSleep(pollIntervalSeconds * 1000, ctx.signal).done;
    if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('cancelled');
  }
}
