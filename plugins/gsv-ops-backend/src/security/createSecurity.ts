import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readMetricsConfig } from '../metrics/readMetricsConfig';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { createSecurityRouter } from './createSecurityRouter';
import { FailedLogins } from './failedLogins';
import { readSecurityConfig } from './readSecurityConfig';
import {
  SecurityService,
  type SecurityServiceOptions,
} from './SecurityService';

/** The Security card's service and routes, with each cluster's Prometheus from `gsvOps.clusters.<name>.prometheus`. */
export function createSecurity(options: {
  config: Config;
  opsService: OpsService;
  watchCache: WatchCache;
  permissions: PermissionsService;
  httpAuth: HttpAuthService;
  entityRefOf?: SecurityServiceOptions['entityRefOf'];
}) {
  const settings = readSecurityConfig(options.config);
  const monitoring = readMetricsConfig(options.config).clusters;
  const security = new SecurityService({
    ...options,
    settings,
    failedLogins: new FailedLogins({
      prometheusOf: cluster => monitoring.get(cluster)?.prometheus,
      metric: settings.failedLoginsMetric,
    }),
  });
  return {
    service: security,
    router: createSecurityRouter({ security, httpAuth: options.httpAuth }),
  };
}
