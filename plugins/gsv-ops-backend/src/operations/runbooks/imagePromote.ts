import type { AuditorService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { splitImage, type RunbookParameters } from '@gsv/plugin-gsv-ops-common';
import type { ClusterRegistry, KubeObject } from '../../services/ClusterRegistry/types';
import type { GitHost } from '../../promotion/GitHost';
import { overlayTag, withPromotedTag } from '../../promotion/overlay';
import { promotionStep, type PromotionConfig } from '../../promotion/promotionConfig';
import { ClusterAccess } from '../kube/ClusterAccess';
import { RESOURCES } from '../kube/resources';
import { textDiff } from '../kube/diff';
import { syncRequest, waitForSyncedHealthy } from './applicationSync';
import { promoteByPullRequest, pullRequestHost } from './imagePromotePullRequest';
import type { KubeReader, PreflightContext, Runbook, RunbookContext } from './types';

type Params = RunbookParameters<'image-promote'>;

/** What the preflight read, carried into the run (and, in a dry run's result, bound to its review). */
interface PromotionPlan {
  repoURL: string;
  branch: string;
  overlayPath: string;
  baseCommit: string;
  imageName: string;
  fromImage: string;
  fromTag: string;
  toTag?: string;
  tag: string;
  deployment: { namespace: string; name: string };
}

export interface ImagePromoteOptions {
  config: PromotionConfig;
  clusters: Pick<ClusterRegistry, 'getCluster'>;
  gitHosts: GitHost[];
  auditor: AuditorService;
}

const managedDeployment = (app: KubeObject) =>
  ((app.status?.resources ?? []) as Array<{ kind: string; namespace: string; name: string }>).find(r => r.kind === 'Deployment');

/** `apps/x/overlays/qa` → `apps/x/overlays/dev`: the same application's overlay of another environment. */
function overlayOf(path: string, environment: string, app: string): string {
  const match = /^(.*\/)?overlays\/([^/]+)\/?$/.exec(path);
  if (!match) throw new InputError(`Application ${app} has source path '${path}', not an environment overlay (…/overlays/<environment>)`);
  return `${match[1] ?? ''}overlays/${environment}`;
}

/** The live image of the source environment: its Application (same repository, its overlay) and that one's Deployment. */
async function sourceImage(options: ImagePromoteOptions, target: KubeObject, from: { name: string; cluster: string }): Promise<string> {
  const { repoURL, path } = target.spec.source;
  const wantedPath = overlayOf(path, from.name, target.metadata.name);
  const kube: KubeReader = new ClusterAccess(options.clusters.getCluster(from.cluster));
  const apps = await kube.list(RESOURCES.application, target.metadata.namespace!);
  const app = apps.find(a => a.spec?.source?.repoURL === repoURL && a.spec?.source?.path?.replace(/\/+$/, '') === wantedPath);
  if (!app) throw new InputError(`No Argo CD application in ${target.metadata.namespace} of cluster ${from.cluster} deploys ${wantedPath} of ${repoURL}`);
  const ref = managedDeployment(app);
  const deployment = ref && (await kube.tryGet(RESOURCES.deployment, ref.namespace, ref.name));
  const image = deployment?.spec?.template?.spec?.containers?.[0]?.image;
  if (!image) throw new InputError(`Application ${app.metadata.name} in ${from.name} manages no running Deployment to take the image from`);
  return image;
}

async function readPlan(options: ImagePromoteOptions, ctx: PreflightContext<Params>): Promise<PromotionPlan> {
  const { params, cluster, kube } = ctx;
  const { from, to } = promotionStep(options.config, params.fromEnvironment, params.toEnvironment);
  if (to.cluster !== cluster.name) throw new InputError(`${to.name} runs on cluster ${to.cluster}, not ${cluster.name}; start the promotion there`);
  const app = await kube.get(RESOURCES.application, params.namespace, params.application);
  const source = app.spec?.source ?? {};
  const sourcePath = String(source.path ?? '').replace(/\/+$/, '');
  if (overlayOf(sourcePath, to.name, params.application) !== sourcePath) {
    throw new InputError(`Application ${params.namespace}/${params.application} deploys ${sourcePath}, not the ${to.name} overlay`);
  }
  const overlayPath = `${sourcePath}/kustomization.yaml`;
  const host = options.gitHosts.find(h => h.handles(String(source.repoURL)));
  if (!host) throw new InputError(`No Git host is configured for ${source.repoURL}`);
  if (options.config.mode === 'pull-request') pullRequestHost(host, source.repoURL);
  const branch = !source.targetRevision || source.targetRevision === 'HEAD' ? 'main' : String(source.targetRevision);
  const file = await host.readFile(source.repoURL, branch, overlayPath);
  if (file.text === undefined) throw new InputError(`${overlayPath} does not exist on ${branch} of ${source.repoURL}`);
  const fromImage = await sourceImage(options, app, from);
  const { name: imageName, tag: fromTag } = splitImage(fromImage);
  const tag = params.tag ?? fromTag;
  if (!tag) throw new InputError(`${from.name} runs ${fromImage} without a tag; give the tag to promote`);
  const ref = managedDeployment(app);
  if (!ref) throw new InputError(`Application ${params.namespace}/${params.application} manages no Deployment`);
  return { repoURL: source.repoURL, branch, overlayPath, baseCommit: file.commit, imageName, fromImage, fromTag: fromTag ?? '', toTag: overlayTag(file.text, imageName), tag, deployment: ref };
}

/**
 * Ops guide 4.1, promotion through the GitOps repository: set the image tag running in one environment in the next
 * environment's overlay (a commit on the application's branch), then sync that environment's Argo CD application and
 * wait for Synced/Healthy at the new commit. The run writes only if the overlay is as the reviewed plan saw it.
 */
/** The runbook without `gsvOps.promotion`: refused before anything is read. */
export const unconfiguredImagePromote: Runbook<'image-promote'> = {
  id: 'image-promote',
  target: p => ({ kind: 'Application', namespace: p.namespace, name: p.application, targetKind: 'application' }),
  checkLimits: params => void promotionStep({ environments: [] }, params.fromEnvironment, params.toEnvironment),
  run: async () => {
    throw new InputError('Image promotion is not configured (gsvOps.promotion)');
  },
};

export function createImagePromote(options: ImagePromoteOptions): Runbook<'image-promote'> {
  return {
    id: 'image-promote',
    target: p => ({ kind: 'Application', namespace: p.namespace, name: p.application, targetKind: 'application' }),

    checkLimits(params) {
      promotionStep(options.config, params.fromEnvironment, params.toEnvironment);
    },

    async preflight(ctx) {
      const plan = await readPlan(options, ctx);
      const { fromEnvironment: from, toEnvironment: to } = ctx.params;
      return {
        notes: [`${from} runs ${plan.fromImage}; ${to}'s overlay ${plan.overlayPath} at ${plan.baseCommit.slice(0, 12)} has ${plan.toTag ?? 'no tag'} → ${plan.tag}`],
        extraLocks: [{ kind: 'Deployment', ...plan.deployment }],
        facts: { plan },
      };
    },

    run: ctx => promote(options, ctx),
  };
}

async function promote(options: ImagePromoteOptions, ctx: RunbookContext<Params>) {
  const { fromEnvironment: from, toEnvironment: to, namespace, application, timeoutSeconds } = ctx.params;
  const plan = ctx.facts.plan as PromotionPlan;
  const base = ((ctx.facts.reviewed as { baseCommit?: string } | undefined)?.baseCommit ?? plan.baseCommit) as string;
  const host = options.gitHosts.find(h => h.handles(plan.repoURL))!;
  const file = await ctx.step('read', `Reading ${plan.overlayPath} on ${plan.branch}`, async step => {
    const current = await host.readFile(plan.repoURL, plan.branch, plan.overlayPath);
    const change = current.commit === base ? undefined : await host.lastChange(plan.repoURL, { base, head: current.commit, path: plan.overlayPath });
    if (change) {
      throw new ConflictError(
        `${plan.overlayPath} changed since the plan at ${base.slice(0, 12)}: commit ${change.sha.slice(0, 12)} "${change.message}" by ${change.author}. Nothing was written; run the dry run again`,
      );
    }
    step.progress(`${plan.overlayPath} at ${current.commit.slice(0, 12)} (planned at ${base.slice(0, 12)}): ${plan.toTag ?? 'no tag'}`);
    return current as { commit: string; text: string };
  });
  const after = withPromotedTag(file.text, plan.imageName, plan.tag);
  const rendered = `${plan.imageName}:${plan.toTag ?? '?'} → ${plan.imageName}:${plan.tag}`;
  const result = { from, to, tag: plan.tag, previousTag: plan.toTag, overlay: plan.overlayPath, baseCommit: file.commit, repoURL: plan.repoURL };
  await ctx.step('plan', `Planning: set ${plan.imageName} to ${plan.tag} in ${plan.overlayPath}`, async step => {
    const diff = textDiff({ a: `a/${plan.overlayPath}`, b: `b/${plan.overlayPath}` }, file.text, after, { a: file.commit.slice(0, 12), b: 'after the promotion' });
    step.detail({
      object: { kind: 'Deployment', ...plan.deployment },
      diff: `${diff}# rendered: deployment ${plan.deployment.namespace}/${plan.deployment.name}: ${rendered}\n`,
      dryRun: true,
    });
    return `Planned: ${plan.overlayPath} ${file.text === after ? 'already has this tag' : `changes`}; renders ${rendered} in ${plan.deployment.namespace}/${plan.deployment.name}`;
  });
  if (ctx.dryRun) {
    return { summary: `Dry run: would promote ${plan.tag} from ${from} to ${to} (${options.config.mode === 'commit' ? 'commit' : 'pull request'} to ${plan.overlayPath} on ${plan.branch}), sync ${namespace}/${application} and wait for Synced/Healthy`, result };
  }
  const commit = file.text === after ? file.commit : await writeChange(options, ctx, plan, file.commit, after);
  const app = await ctx.kube.get(RESOURCES.application, namespace, application);
  const requestedAt = ctx.now();
  await ctx.apply([syncRequest(ctx, app, { revision: commit, prune: false, reason: `GSV Ops runbook image-promote ${from} → ${to}` })]);
  await ctx.step('wait', `Waiting for application ${namespace}/${application} to be Synced and Healthy at ${commit.slice(0, 12)}`, step =>
    waitForSyncedHealthy(ctx, step, { namespace, name: application, requestedAt, timeoutSeconds, revision: commit }),
  );
  await ctx.step('verify', `Checking the image of ${plan.deployment.namespace}/${plan.deployment.name}`, async () => {
    const deployment = await ctx.kube.get(RESOURCES.deployment, plan.deployment.namespace, plan.deployment.name);
    const image = deployment.spec?.template?.spec?.containers?.[0]?.image;
    if (splitImage(image ?? '').tag !== plan.tag) throw new ConflictError(`${plan.deployment.namespace}/${plan.deployment.name} runs ${image}, not ${plan.tag}, after the sync`);
    return `${plan.deployment.namespace}/${plan.deployment.name} runs ${image}`;
  });
  return { summary: `Promoted ${plan.tag} from ${from} to ${to}: commit ${commit.slice(0, 12)}, ${namespace}/${application} Synced and Healthy`, result: { ...result, commit } };
}

/** The change as a direct commit (mode commit) or as a pull request merged by a person (mode pull-request). */
function writeChange(options: ImagePromoteOptions, ctx: RunbookContext<Params>, plan: PromotionPlan, base: string, text: string): Promise<string> {
  if (options.config.mode === 'commit') return writeCommit(options, ctx, plan, base, text);
  const [title, body] = promotionMessage(ctx, plan);
  const host = options.gitHosts.find(h => h.handles(plan.repoURL))!;
  return promoteByPullRequest({ config: options.config, host, auditor: options.auditor }, ctx, {
    repoURL: plan.repoURL,
    branch: plan.branch,
    path: plan.overlayPath,
    baseCommit: base,
    text,
    title,
    body,
    tag: plan.tag,
  });
}

/** The subject and body of the promotion's commit (and pull request). */
function promotionMessage(ctx: RunbookContext<Params>, plan: PromotionPlan): [string, string] {
  const { fromEnvironment: from, toEnvironment: to } = ctx.params;
  return [`chore: promote ${plan.imageName.split('/').pop()} ${plan.tag} from ${from} to ${to}`, `GSV Ops operation ${ctx.operationId}, requested by ${ctx.initiatedBy}`];
}

async function writeCommit(options: ImagePromoteOptions, ctx: RunbookContext<Params>, plan: PromotionPlan, base: string, text: string): Promise<string> {
  const [title, body] = promotionMessage(ctx, plan);
  let sha = '';
  await ctx.step('commit', `Committing ${plan.overlayPath} to ${plan.branch}`, async () => {
    const audit = await options.auditor.createEvent({
      eventId: 'gitops-commit',
      severityLevel: ctx.cluster.environment === 'prod' ? 'high' : 'medium',
      meta: { operationId: ctx.operationId, runbook: 'image-promote', initiatedBy: ctx.initiatedBy, repoURL: plan.repoURL, branch: plan.branch, path: plan.overlayPath, base },
    });
    try {
      sha = await options.gitHosts.find(h => h.handles(plan.repoURL))!.commitFile(plan.repoURL, {
        branch: plan.branch,
        base,
        path: plan.overlayPath,
        text,
        message: `${title}\n\n${body}`,
        author: options.config.author,
      });
      await audit.success({ meta: { commit: sha } });
      return `Committed ${sha.slice(0, 12)} to ${plan.branch} of ${plan.repoURL}: ${plan.overlayPath} sets ${plan.tag}`;
    } catch (e) {
      await audit.fail({ error: e as Error });
      throw e;
    }
  });
  return sha;
}
