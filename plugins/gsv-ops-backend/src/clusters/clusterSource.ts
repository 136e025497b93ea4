import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ClusterConfig } from '../config/clusterSettings';
import { readGsvOpsConfig } from '../config/readGsvOpsConfig';
import type { KubernetesAccessHandoff } from './kubernetesAccess';
import { OfficialClusterSource } from './OfficialClusterSource';

/**
 * How often the clusters of the official plugin's supplier are listed again (a catalog locator finds new ones):
 * `gsvOps.clusterRefreshSeconds`, default 60.
 */
export function clusterRefreshSeconds(config: Config): number {
  const seconds = config.getOptionalNumber('gsvOps.clusterRefreshSeconds') ?? 60;
  if (!(seconds >= 1 && seconds <= 3600)) {
    throw new Error('Invalid configuration at gsvOps.clusterRefreshSeconds: must be between 1 and 3600');
  }
  return seconds;
}

/**
 * Where the clusters come from: the official Kubernetes plugin's supplier and strategies when it runs here with
 * `kubernetesModuleGsvOpsAccess`; otherwise the `config` locator's clusters, read by GSV Ops itself.
 */
export function clusterSource(options: {
  kubernetesAccess: KubernetesAccessHandoff;
  config: Config;
  auth: AuthService;
  logger: LoggerService;
}): { clusters(): Promise<ClusterConfig[]>; refreshes: boolean } {
  const access = options.kubernetesAccess.current();
  if (!access) {
    options.logger.info(
      'The official Kubernetes plugin does not share its clusters here (is kubernetesModuleGsvOpsAccess installed?); GSV Ops reads the config locator itself',
    );
    const clusters = readGsvOpsConfig(options.config, { logger: options.logger }).clusters;
    return { clusters: async () => clusters, refreshes: false };
  }
  const source = new OfficialClusterSource({
    access,
    config: options.config,
    credentials: () => options.auth.getOwnServiceCredentials(),
    logger: options.logger,
  });
  return { clusters: () => source.clusters(), refreshes: true };
}
