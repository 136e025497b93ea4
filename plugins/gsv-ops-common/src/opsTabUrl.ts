import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The path of the entity's Ops tab in the app, `/catalog/<namespace>/<kind>/<name>/ops`, with kind and namespace
 * lower-cased the way the catalog's entity route does it. Relative to the app, so a link to it (e.g. a template's
 * output link) stays in the app's browser tab.
 *
 * @public
 */
export function opsTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const segments = [
    namespace.toLocaleLowerCase('en-US'),
    kind.toLocaleLowerCase('en-US'),
    name,
  ].map(encodeURIComponent);
  return `/catalog/${segments.join('/')}/ops`;
}

/**
 * The entity's Ops tab as an absolute URL: `<app.baseUrl>/catalog/<namespace>/<kind>/<name>/ops` (for log lines).
 *
 * @public
 */
export function opsTabUrl(appBaseUrl: string, entityRef: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}${opsTabPath(entityRef)}`;
}
