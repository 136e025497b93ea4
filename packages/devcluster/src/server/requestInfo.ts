import type { RequestVerb } from '../api/types';

/**
 * What a request is about, parsed from its URL the way the API server's RequestInfoFactory does it: API prefix,
 * group/version, namespace, resource, name, subresource, and the authorisation verb.
 */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** For resource requests, the RBAC verb; otherwise the lower-case HTTP method. */
  verb: RequestVerb | string;
  apiPrefix?: 'api' | 'apis';
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** Path segments after the subresource (`nodes/<n>/proxy/stats/summary` → `stats/summary`). */
  subpath?: string;
  /** The name RBAC sees: the URL's, or a list/watch's `metadata.name` field selector. */
  authorizationName?: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const PARSE_BOOL_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    group: '',
    version: '',
    resource: '',
  };
  const parts = path.split('/').filter(part => part.length > 0).map(decodeURIComponent);
  if (parts[0] !== 'api' && parts[0] !== 'apis') return info;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length < 3) return info;
    info.apiPrefix = 'api';
    info.version = parts[1];
    rest = parts.slice(2);
  } else {
    if (parts.length < 4) return info;
    info.apiPrefix = 'apis';
    info.group = parts[1];
    info.version = parts[2];
    rest = parts.slice(3);
  }
  info.isResourceRequest = true;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  info.resource = rest[0] ?? '';
  info.name = rest[1];
  info.subresource = rest[2];
  if (rest.length > 3) info.subpath = rest.slice(3).join('/');

  // The authorisation verb follows Go's strconv.ParseBool, as the RequestInfoFactory does; serving the request as
  // a watch follows the looser options decoding (see ResourceHandler), so `watch=yes` streams but is authorised as list.
  const watch = watchPrefix || PARSE_BOOL_TRUE.has(query.get('watch') ?? '');
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) info.verb = 'watch';
      else info.verb = info.name ? 'get' : 'list';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = method.toLowerCase();
  }
  info.authorizationName = info.name;
  if ((info.verb === 'list' || info.verb === 'watch') && !info.name) {
    const byName = /(?:^|,)metadata\.name==?([^,]*)/.exec(query.get('fieldSelector') ?? '');
    if (byName) info.authorizationName = byName[1];
  }
  return info;
}
