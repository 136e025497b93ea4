import { InputError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { parseQuantity } from '../../domain/quantities';
import type { OperationLimits } from '../config/readOperationsConfig';
import { RESOURCES } from '../kube/resources';
import { verifyPods, waitForRollout } from './deployments';
import { KubeReader, OPERATION_ID_ANNOTATION, Runbook } from './types';

type ResourceName = 'cpu' | 'memory';
type ResourceList = Partial<Record<ResourceName, string>>;
interface Resources {
  requests?: ResourceList;
  limits?: ResourceList;
}

interface ResourcesPlan {
  deployment: KubeObject;
  index: number;
  current: { requests: Record<string, string>; limits: Record<string, string> };
  next: { requests: Record<string, string>; limits: Record<string, string> };
}

/** A floor or cap as people write it: `10m`, `2` cores; `16Mi`, `32Gi`. */
function formatAmount(resource: ResourceName, amount: number): string {
  if (resource === 'cpu') return amount < 1 ? `${Math.round(amount * 1000)}m` : `${amount}`;
  for (const [unit, size] of [['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
    if (amount >= size && amount % size === 0) return `${amount / size}${unit}`;
  }
  return `${amount}`;
}

async function planResources(
  kube: KubeReader,
  params: { namespace: string; deployment: string; container: string } & Resources,
  limits: OperationLimits,
): Promise<ResourcesPlan> {
  const deployment = await kube.get(RESOURCES.deployment, params.namespace, params.deployment);
  const containers: Array<{ name: string; resources?: Resources }> = deployment.spec?.template?.spec?.containers ?? [];
  const index = containers.findIndex(c => c.name === params.container);
  if (index < 0) {
    throw new InputError(
      `Deployment ${params.namespace}/${params.deployment} has no container '${params.container}'; its containers: ${containers.map(c => c.name).join(', ')}`,
    );
  }
  const current = {
    requests: { ...(containers[index].resources?.requests ?? {}) } as Record<string, string>,
    limits: { ...(containers[index].resources?.limits ?? {}) } as Record<string, string>,
  };
  const next = {
    requests: { ...current.requests, ...definedOnly(params.requests) },
    limits: { ...current.limits, ...definedOnly(params.limits) },
  };
  for (const resource of ['cpu', 'memory'] as ResourceName[]) {
    const request = next.requests[resource];
    const limit = next.limits[resource];
    const max = resource === 'cpu' ? limits.maxContainerCpuCores : limits.maxContainerMemoryBytes;
    for (const [kind, value] of [
      ['request', request],
      ['limit', limit],
    ] as const) {
      if (value !== undefined && parseQuantity(value) === undefined) {
        throw new InputError(`The current ${resource} ${kind} '${value}' of container ${params.container} is not a quantity we can compare`);
      }
      if (value !== undefined && parseQuantity(value)! > max) {
        throw new InputError(
          `A ${resource} ${kind} of ${value} exceeds the cap of ${formatAmount(resource, max)} per container for this environment (gsvOps.operations.policy.limits)`,
        );
      }
    }
    if (request !== undefined && limit !== undefined && parseQuantity(request)! > parseQuantity(limit)!) {
      throw new InputError(
        `The ${resource} request ${request} would exceed the ${resource} limit ${limit} of container ${params.container}; a request must not be greater than its limit`,
      );
    }
  }
  return { deployment, index, current, next };
}

function definedOnly(list: ResourceList | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(list ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

function describe(r: { requests: Record<string, string>; limits: Record<string, string> }): string {
  const part = (l: Record<string, string>) => ['cpu', 'memory'].map(k => `${k} ${l[k] ?? '-'}`).join(', ');
  return `requests ${part(r.requests)}; limits ${part(r.limits)}`;
}

/**
 * A JSON patch of exactly one container's resources, guarded by a `test` of the container's name at that index, so
 * it can never land on another container if the list changed since it was read.
 */
export function resourcesPatch(plan: ResourcesPlan, container: string, operationId: string, annotations: boolean): unknown[] {
  const base = `/spec/template/spec/containers/${plan.index}`;
  const ops: unknown[] = [{ op: 'test', path: `${base}/name`, value: container }];
  const c = plan.deployment.spec.template.spec.containers[plan.index];
  if (!c.resources) {
    ops.push({ op: 'add', path: `${base}/resources`, value: plan.next });
  } else {
    for (const kind of ['requests', 'limits'] as const) {
      const wanted = plan.next[kind];
      if (Object.keys(wanted).length === 0) continue;
      if (!c.resources[kind]) {
        ops.push({ op: 'add', path: `${base}/resources/${kind}`, value: wanted });
      } else {
        for (const [k, v] of Object.entries(wanted)) {
          if (c.resources[kind][k] !== v) ops.push({ op: 'add', path: `${base}/resources/${kind}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: v });
        }
      }
    }
  }
  ops.push(
    annotations
      ? { op: 'add', path: `/metadata/annotations/${OPERATION_ID_ANNOTATION.replace(/\//g, '~1')}`, value: operationId }
      : { op: 'add', path: '/metadata/annotations', value: { [OPERATION_ID_ANNOTATION]: operationId } },
  );
  return ops;
}

/**
 * The values asked for, before anything is read: each a quantity above zero and within the environment's floor and
 * cap, and no request above the limit given with it.
 */
function checkRequestedResources(params: Resources, limits: OperationLimits): void {
  for (const resource of ['cpu', 'memory'] as ResourceName[]) {
    const [min, max] =
      resource === 'cpu'
        ? [limits.minContainerCpuCores, limits.maxContainerCpuCores]
        : [limits.minContainerMemoryBytes, limits.maxContainerMemoryBytes];
    for (const kind of ['requests', 'limits'] as const) {
      const value = params[kind]?.[resource];
      if (value === undefined) continue;
      const amount = parseQuantity(value);
      const name = `${resource} ${kind === 'requests' ? 'request' : 'limit'}`;
      if (amount === undefined) throw new InputError(`The ${name} '${value}' is not a Kubernetes quantity`);
      if (amount <= 0) throw new InputError(`A ${name} of ${value} would leave the container without ${resource}; give more than 0`);
      if (amount < min) {
        throw new InputError(
          `A ${name} of ${value} is below the floor of ${formatAmount(resource, min)} per container for this environment (gsvOps.operations.policy.limits.minContainer${resource === 'cpu' ? 'Cpu' : 'Memory'})`,
        );
      }
      if (amount > max) {
        throw new InputError(
          `A ${name} of ${value} exceeds the cap of ${formatAmount(resource, max)} per container for this environment (gsvOps.operations.policy.limits)`,
        );
      }
    }
    const request = params.requests?.[resource];
    const limit = params.limits?.[resource];
    if (request !== undefined && limit !== undefined && parseQuantity(request)! > parseQuantity(limit)!) {
      throw new InputError(`The ${resource} request ${request} is greater than the ${resource} limit ${limit}; a request must not exceed its limit`);
    }
  }
}

/** Ops guide 3.2: change one container's CPU/memory requests and limits (requests ≤ limits, within caps), then roll out. */
export const deploymentSetResources: Runbook<'deployment-set-resources'> = {
  id: 'deployment-set-resources',
  target: p => ({ kind: 'Deployment', namespace: p.namespace, name: p.deployment, targetKind: 'deployment' }),

  checkLimits(params, limits) {
    checkRequestedResources(params, limits);
  },

  async preflight({ params, kube, limits }) {
    const plan = await planResources(kube, params, limits);
    return { notes: [`container ${params.container}: ${describe(plan.current)} → ${describe(plan.next)}`] };
  },

  async run(ctx) {
    const { namespace, deployment: name, container, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const plan = await ctx.step('read', `Reading deployment ${where}`, async step => {
      const p = await planResources(ctx.kube, ctx.params, ctx.limits);
      step.progress(`Container ${container}: ${describe(p.current)}`);
      return p;
    });
    if (JSON.stringify(plan.current) === JSON.stringify(plan.next)) {
      await ctx.skip('plan', `Container ${container} of ${where} already has ${describe(plan.next)}`);
      return { summary: `Nothing to do: container ${container} of ${where} already has ${describe(plan.next)}`, result: { changed: false, resources: plan.next } };
    }
    const change = {
      type: RESOURCES.deployment,
      namespace,
      name,
      verb: 'patch' as const,
      contentType: 'application/json-patch+json',
      body: resourcesPatch(plan, container, ctx.operationId, Boolean(plan.deployment.metadata.annotations)),
      before: plan.deployment,
      what: `set container ${container} to ${describe(plan.next)}`,
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would set container ${container} of ${where} to ${describe(plan.next)} (was ${describe(plan.current)}) and roll out`,
        result: { before: plan.current, after: plan.next },
      };
    }
    const appliedAt = ctx.now();
    const [patched] = await ctx.apply([change]);
    const rollout = await ctx.step('wait', `Waiting for the rollout of ${where}`, async step => {
      const r = await waitForRollout(ctx, step, {
        since: appliedAt, namespace, name, generation: patched?.metadata.generation ?? 0, timeoutMs: timeoutSeconds * 1000 });
      step.progress(`Rollout of ${where} complete: revision ${r.revision ?? '?'}`);
      return r;
    });
    const verified = await ctx.step('verify', `Watching the new pods of ${where}`, async step => {
      const v = await verifyPods(ctx, step, { namespace, name, observeMs: ctx.facts.verifyMs as number, since: appliedAt });
      step.progress(`${v.ready}/${v.desired} pods ready, ${v.restarts} restarts, none crash-looping`);
      return v;
    });
    return {
      summary: `Set container ${container} of ${where} to ${describe(plan.next)}; revision ${rollout.revision ?? '?'} rolled out, ${verified.ready}/${verified.desired} pods ready`,
      result: { before: plan.current, after: plan.next, revision: rollout.revision, readyReplicas: verified.ready, changed: true },
    };
  },
};
