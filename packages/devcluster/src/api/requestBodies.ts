import type { ResourceDefinition } from '../resources/types';
import { apiVersionOf } from '../resources/types';
import { clone, isPlainObject } from '../patch/mergePatch';
import { badRequest } from './errors';
import type { KubeObject } from './types';

/**
 * A request body made into the object of a resource: apiVersion and kind must match the URL's (or are filled in),
 * the namespace is the URL's, cluster-scoped objects lose theirs. Bodies are copied unless the caller hands them
 * over (`owned`).
 */
export function checkBody(definition: ResourceDefinition, body: unknown, namespace: string | undefined, owned = false): KubeObject {
  if (!isPlainObject(body)) throw badRequest('the request body must be a JSON object');
  const object = (owned ? body : clone(body)) as KubeObject;
  const expectedVersion = apiVersionOf(definition);
  if (object.apiVersion && object.apiVersion !== expectedVersion) {
    throw badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${expectedVersion})`);
  }
  if (object.kind && object.kind !== definition.kind) {
    throw badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${definition.kind})`);
  }
  object.apiVersion = expectedVersion;
  object.kind = definition.kind;
  object.metadata = isPlainObject(object.metadata) ? { ...object.metadata } : {};
  if (definition.namespaced) {
    if (object.metadata.namespace && namespace && object.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata.namespace = namespace || object.metadata.namespace;
    if (!object.metadata.namespace) throw badRequest('a namespace must be specified for a namespaced resource');
  } else {
    delete object.metadata.namespace;
  }
  return object;
}
