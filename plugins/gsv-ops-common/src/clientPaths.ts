// Paths and timing helpers of GsvOpsClient (not exported from the package).

/** Waits `ms`, or less when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** `?cluster=<name>`, or nothing for every cluster. */
export function clusterQuery(cluster?: string): string {
  return cluster ? `?${new URLSearchParams({ cluster })}` : '';
}

/** `component:default/agent-registry` → `/entities/component/default/agent-registry`. */
export function entityPath(entityRef: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  if (!match) {
    throw new TypeError(
      `Invalid entity ref "${entityRef}", expected kind:namespace/name`,
    );
  }
  const [, kind, namespace = 'default', name] = match;
  return `/entities/${[kind.toLocaleLowerCase('en-US'), namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}

export function incidentPath(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
}
