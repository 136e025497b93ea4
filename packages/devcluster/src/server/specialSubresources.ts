import { ApiError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import { queryBoolean, queryInteger, sendJson, sendText } from './http';
import { readObjectBody } from './requestReading';
import type { PodLogRequest, ResourceHandlerDependencies, ResourceRequest } from './ResourceHandler';
import type { WriteOptions } from '../api/ClusterApi';
import { answerTokenRequest } from './tokenRequests';

/**
 * The subresources that are not object views: `pods/<name>/log` (also followed), `nodes/<name>/proxy/...` (the
 * kubelet), `serviceaccounts/<name>/token` (TokenRequest), and the answer to `exec`, `attach` and `portforward`.
 */

export async function serveSpecialSubresource(
  deps: ResourceHandlerDependencies & { notFound: () => ApiError },
  context: ResourceRequest,
  definition: ResourceDefinition,
  namespace: string | undefined,
  write: WriteOptions,
): Promise<void> {
  const { info, request, response } = context;
  const name = info.name!;
  const verb = info.verb;
  switch (info.subresource) {
    case 'log':
      if (definition.group !== '' || definition.resource !== 'pods' || verb !== 'get') throw deps.notFound();
      servePodLog(deps, context, definition, namespace);
      return;
    case 'proxy': {
      if (definition.group !== '' || definition.resource !== 'nodes' || verb !== 'get') throw deps.notFound();
      const node = deps.api.get(definition, undefined, name);
      const answer = deps.nodeProxy(node, info.subpath ?? '');
      if (!answer) throw new ApiError({ code: 404, reason: 'NotFound', message: `the kubelet of node "${name}" does not serve /${info.subpath ?? ''}` });
      sendText(response, 200, answer.body, answer.contentType);
      return;
    }
    case 'token': {
      if (definition.group !== '' || definition.resource !== 'serviceaccounts' || verb !== 'create') throw deps.notFound();
      const serviceAccount = deps.api.get(definition, namespace, name);
      const body = (await readObjectBody(request)) as KubeObject;
      const issue = () => (write.dryRun ? '' : deps.issueServiceAccountToken(namespace!, name));
      sendJson(response, 201, answerTokenRequest(body, serviceAccount, issue, deps.clock.now()));
      return;
    }
    case 'exec':
    case 'attach':
    case 'portforward':
      if (definition.group !== '' || definition.resource !== 'pods') throw deps.notFound();
      throw noContainerRuntime(info.subresource);
    default:
      throw deps.notFound();
  }
}

/** `pods/<name>/log`: the container's log text, or a stream that follows it (`follow=true`). */
function servePodLog(deps: ResourceHandlerDependencies, context: ResourceRequest, definition: ResourceDefinition, namespace: string | undefined): void {
  const { response, url } = context;
  const name = context.info.name!;
  const pod = deps.api.get(definition, namespace, name);
  const query = url.searchParams;
  const logRequest: PodLogRequest = {
    container: query.get('container') ?? undefined,
    previous: queryBoolean(query, 'previous'),
    tailLines: queryInteger(query, 'tailLines'),
    sinceSeconds: queryInteger(query, 'sinceSeconds'),
    sinceTime: query.get('sinceTime') ?? undefined,
    timestamps: queryBoolean(query, 'timestamps'),
    limitBytes: queryInteger(query, 'limitBytes'),
  };
  const text = deps.podLogs(pod, logRequest);
  if (!queryBoolean(query, 'follow') || logRequest.previous) {
    sendText(response, 200, text, 'text/plain');
    return;
  }
  deps.logFollowers.follow(
    response,
    text,
    since => {
      const current = deps.api.tryGet(definition, namespace, name);
      if (!current || current.metadata.uid !== pod.metadata.uid) return undefined;
      try {
        return deps.podLogs(current, { ...logRequest, tailLines: undefined, sinceSeconds: undefined, limitBytes: undefined, sinceTime: new Date(since).toISOString() });
      } catch {
        return '';
      }
    },
    () => deps.clock.now(),
    () => containerTerminated(deps.api.tryGet(definition, namespace, name), logRequest.container),
  );
}

/** Whether the logged container (the named one, else the pod's first) has terminated: the kubelet ends a followed log then. */
function containerTerminated(pod: KubeObject | undefined, container: string | undefined): boolean {
  if (!pod) return true;
  const name = container ?? pod.spec?.containers?.[0]?.name;
  const status = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === name);
  return Boolean(status?.state?.terminated) || ['Succeeded', 'Failed'].includes(pod.status?.phase);
}

/** exec, attach and port-forward (and so `kubectl cp`) need containers; the emulator only simulates them. */
function noContainerRuntime(subresource: string): ApiError {
  return new ApiError({
    code: 400,
    reason: 'BadRequest',
    message: `pods/${subresource} is not supported by the embedded GSV cluster: it simulates containers and runs no processes, so exec, attach, port-forward and cp cannot work; to run a command, create a Job (kubectl create job <name> --image=<image> -- <command>) and read its logs`,
  });
}

