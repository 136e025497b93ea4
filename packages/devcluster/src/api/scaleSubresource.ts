import type { ResourceDefinition } from '../resources/types';
import { applyPatch } from '../patch/applyPatch';
import { isPlainObject } from '../patch/mergePatch';
import { badRequest, invalid, unsupportedMediaType } from './errors';
import type { KubeObject, PatchType } from './types';

/** The `/scale` subresource: an autoscaling/v1 Scale view of an object's replicas, and the replicas a write asks for. */

export interface ScaleObject extends KubeObject {
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

export interface ScaleChange {
  body?: unknown;
  patch?: unknown;
  patchType?: PatchType;
}

export function scaleOf(definition: ResourceDefinition, object: KubeObject): ScaleObject {
  const scale = definition.scale!;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: scale.specReplicas(object) },
    status: { replicas: scale.statusReplicas(object), selector: scale.selector(object) },
  };
}

/** The replicas (and resourceVersion precondition) a Scale update or patch asks for; 422 when they are invalid. */
export function desiredScale(definition: ResourceDefinition, name: string, current: ScaleObject, change: ScaleChange): { replicas: number; precondition?: string } {
  let desired: KubeObject;
  if (change.patch !== undefined) {
    if (change.patchType === 'strategic' && definition.custom) {
      throw unsupportedMediaType('the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    }
    desired = applyPatch(current, change.patch, change.patchType ?? 'merge');
  } else {
    if (!isPlainObject(change.body)) throw badRequest('the body of a Scale update must be an object');
    desired = change.body as KubeObject;
  }
  const replicas = desired.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', name, [
      { reason: 'FieldValueInvalid', field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` },
    ]);
  }
  return { replicas, precondition: desired.metadata?.resourceVersion };
}
