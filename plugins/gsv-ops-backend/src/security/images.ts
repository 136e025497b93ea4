/** A container image reference, normalised the way registries and trivy name it. */
export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

/** Docker Hub has several names; trivy reports it as `index.docker.io`. */
export function normaliseRegistry(server: string): string {
  return DOCKER_HUB.has(server) ? 'index.docker.io' : server;
}

/**
 * Parses `nginx`, `bitnami/redis:7.4.1`, `ghcr.io/org/app:v1@sha256:…`: the first path component is a registry when it
 * has a dot or a port or is `localhost` (as the container runtimes decide); otherwise the image is on Docker Hub.
 */
export function parseImage(image: string): ImageRef {
  const [name, digest] = image.split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : undefined;
  const path = colon > slash ? name.slice(0, colon) : name;
  const [first, ...rest] = path.split('/');
  const hasRegistry =
    rest.length > 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = normaliseRegistry(hasRegistry ? first : 'docker.io');
  let repository = hasRegistry ? rest.join('/') : path;
  if (registry === 'index.docker.io' && !repository.includes('/'))
    repository = `library/${repository}`;
  return {
    registry,
    repository,
    tag: tag ?? (digest ? undefined : 'latest'),
    digest,
  };
}

/** The image a VulnerabilityReport scanned (`report.registry.server`, `report.artifact`). */
export function scannedImage(report: {
  registry?: { server?: string };
  artifact?: { repository?: string; tag?: string; digest?: string };
}): ImageRef {
  return {
    registry: normaliseRegistry(report.registry?.server ?? 'index.docker.io'),
    repository: report.artifact?.repository ?? '',
    tag: report.artifact?.tag,
    digest: report.artifact?.digest,
  };
}

/** Same repository, and the same digest when both know it, else the same tag. */
export function sameImage(a: ImageRef, b: ImageRef): boolean {
  if (a.registry !== b.registry || a.repository !== b.repository) return false;
  if (a.digest && b.digest) return a.digest === b.digest;
  return a.tag !== undefined && a.tag === b.tag;
}

export function formatImage(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${
    ref.digest ? `@${ref.digest}` : ''
  }`;
}
