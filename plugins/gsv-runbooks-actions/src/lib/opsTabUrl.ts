import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The entity's Ops tab in the app: `<app.baseUrl>/catalog/<namespace>/<kind>/<name>/ops`, with kind and namespace
 * lower-cased the way the catalog's entity route does it.
 */
export function opsTabUrl(appBaseUrl: string, entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const base = appBaseUrl.replace(/\/+$/, '');
  const segments = [
    namespace.toLocaleLowerCase('en-US'),
    kind.toLocaleLowerCase('en-US'),
    name,
  ].map(encodeURIComponent);
  return `${base}/catalog/${segments.join('/')}/ops`;
}
