import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';
import { startDevFleet, type DevFleet } from '../cluster/startDevFleet';
import type { DevClusterTokens } from '../rbac/TokenAuthenticator';

/** What `--fleet-out` writes for each cluster of a fleet: enough to configure a Backstage backend. */
export interface FleetClusterInfo {
  name: string;
  url: string;
  caData: string;
  /** GSV Ops' service account (GSV_DEVCLUSTER_TOKEN of a single cluster). */
  token: string;
  /** The official Kubernetes plugin's read-only service account. */
  readerToken: string;
  adminToken: string;
}

export function fleetInfo(fleet: DevFleet): FleetClusterInfo[] {
  return fleet.clusters.map(cluster => ({
    name: cluster.name,
    url: cluster.url,
    caData: cluster.caData,
    token: cluster.tokens.backend,
    readerToken: cluster.tokens.kubernetesPlugin,
    adminToken: cluster.tokens.admin,
  }));
}

/**
 * One kubeconfig with a context per cluster of the fleet (named like the cluster), the first one current:
 * `kubectl --context fleet-07-admin get pods -A`.
 */
export function fleetKubeconfig(
  fleet: DevFleet,
  user: keyof DevClusterTokens,
): string {
  const merged = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [] as unknown[],
    users: [] as unknown[],
    contexts: [] as unknown[],
    'current-context': '',
  };
  for (const cluster of fleet.clusters) {
    const single = parse(cluster.kubeconfig(user));
    merged.clusters.push(...single.clusters);
    merged.users.push(...single.users);
    merged.contexts.push(...single.contexts);
    merged['current-context'] ||= single['current-context'];
  }
  return stringify(merged);
}

export function writePrivateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode: 0o600 });
}

export interface FleetCliOptions {
  clusters: number;
  podsPerCluster?: number;
  namePrefix: string;
  speed: number;
  kubeconfigPath: string;
  user: keyof DevClusterTokens;
  fleetOut?: string;
  print: (line: string) => void;
}

/** `gsv-devcluster --fleet <n>`: starts the fleet, writes its kubeconfig and `--fleet-out`, returns it running. */
export async function startCliFleet(
  options: FleetCliOptions,
): Promise<DevFleet> {
  const started = performance.now();
  const fleet = await startDevFleet({
    clusters: options.clusters,
    podsPerCluster: options.podsPerCluster,
    namePrefix: options.namePrefix,
    clock: { speed: options.speed },
    // an embedded Prometheus per cluster would scrape every pod of the fleet
    monitoring: false,
    log: message => process.stderr.write(`[devcluster] ${message}\n`),
  });
  writePrivateFile(
    options.kubeconfigPath,
    fleetKubeconfig(fleet, options.user),
  );
  if (options.fleetOut)
    writePrivateFile(
      options.fleetOut,
      `${JSON.stringify(fleetInfo(fleet), null, 2)}\n`,
    );
  const [first, last] = [
    fleet.clusters[0],
    fleet.clusters[fleet.clusters.length - 1],
  ];
  options.print(
    `GSV devcluster fleet of ${fleet.clusters.length} clusters (${
      first.name
    } … ${last.name}) ready in ${Math.round(performance.now() - started)} ms, ${
      options.podsPerCluster ?? 0
    } extra pods each, without monitoring`,
  );
  options.print(
    `  kubeconfig (${options.user}, a context per cluster): ${options.kubeconfigPath}`,
  );
  options.print(
    `  try: KUBECONFIG=${options.kubeconfigPath} kubectl --context ${first.name}-${options.user} get pods -A`,
  );
  if (options.fleetOut)
    options.print(`  clusters, addresses and tokens: ${options.fleetOut}`);
  return fleet;
}
