import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';

/** A cluster the check did not start: what gsv-ops-backend needs to watch it and dry-run against it. */
export interface TargetCluster {
  /** The cluster's name in the backend's config (the kubeconfig's cluster entry). */
  name: string;
  environment: string;
  url: string;
  /** Bearer token of the kubeconfig's user (gsv-ops-backend authenticates with a token only). */
  token: string;
  caData?: string;
  skipTLSVerify?: boolean;
  /** Where it came from, for the output: `<file>, context <name>`. */
  source: string;
}

/** The `context`, `cluster` or `user` of the named entry of a kubeconfig list. */
function entry(
  list: Array<Record<string, any>> | undefined,
  key: string,
  name: string,
  file: string,
): Record<string, any> {
  const found = list?.find(item => item.name === name)?.[key];
  if (!found) throw new Error(`${file} has no ${key} named ${name}`);
  return found;
}

/** A file named in the kubeconfig, relative to the kubeconfig's directory as kubectl reads it. */
function readBeside(file: string, named: string): string {
  return fs.readFileSync(path.resolve(path.dirname(file), named), 'utf8');
}

/**
 * The cluster of a kubeconfig context (default: the current context), as gsv-ops-backend's config declares a
 * cluster: the API server, its CA and the user's bearer token. Throws a clear error for what the backend cannot use
 * (a user with client certificates or an exec plugin instead of a token).
 */
export function clusterFromKubeconfig(options: {
  kubeconfig: string;
  context?: string;
  environment?: string;
}): TargetCluster {
  const file = path.resolve(options.kubeconfig);
  const config = yaml.parse(fs.readFileSync(file, 'utf8')) ?? {};
  const contextName = options.context ?? config['current-context'];
  if (!contextName)
    throw new Error(`${file} has no current-context; name one with --context`);
  const context = entry(config.contexts, 'context', contextName, file);
  const cluster = entry(config.clusters, 'cluster', context.cluster, file);
  const user = entry(config.users, 'user', context.user, file);
  const token =
    user.token ??
    (user.tokenFile ? readBeside(file, user.tokenFile).trim() : undefined);
  if (!token) {
    throw new Error(
      `user ${context.user} of context ${contextName} has no token: the check runs gsv-ops-backend, which ` +
        'authenticates with a bearer token (e.g. its service account’s); client certificates and exec plugins are not supported',
    );
  }
  const caFile = cluster['certificate-authority'];
  return {
    name: context.cluster,
    environment: options.environment ?? 'dev',
    url: cluster.server,
    token,
    ...(cluster['certificate-authority-data']
      ? { caData: cluster['certificate-authority-data'] }
      : {}),
    ...(caFile
      ? { caData: Buffer.from(readBeside(file, caFile)).toString('base64') }
      : {}),
    // Only what the curator's own kubeconfig already says for this cluster (kubectl would skip verification too);
    // never a default. The command prints a warning when it is set (see liveEnvironment.ts).
    ...(cluster['insecure-skip-tls-verify'] ? { skipTLSVerify: true } : {}),
    source: `${file}, context ${contextName}`,
  };
}
