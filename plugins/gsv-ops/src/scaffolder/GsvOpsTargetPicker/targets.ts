import type { OpsTarget, RunbookTargetValue } from '@gsv/plugin-gsv-ops-common';

/** The value of a target's option: cluster, namespace and name. */
export function targetKey(target: {
  cluster: string;
  namespace?: string;
  name: string;
}): string {
  return `${target.cluster}/${target.namespace ?? ''}/${target.name}`;
}

/** "cmp/agent-registry — gsv-dev (dev) · 3 replicas". */
export function targetLabel(target: OpsTarget): string {
  const name = target.namespace
    ? `${target.namespace}/${target.name}`
    : target.name;
  return `${name} — ${target.cluster} (${target.environment})${
    target.description ? ` · ${target.description}` : ''
  }`;
}

/** The field's value for a listed target. */
export function targetValue(target: OpsTarget): RunbookTargetValue {
  return {
    cluster: target.cluster,
    environment: target.environment,
    ...(target.namespace ? { namespace: target.namespace } : {}),
    name: target.name,
  };
}
