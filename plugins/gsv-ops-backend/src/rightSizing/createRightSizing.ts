import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { MetricsService } from '../metrics/MetricsService';
import type { OpsService } from '../services/OpsService/types';
import type { WatchCache } from '../services/WatchCache/WatchCache';
import { createRightSizingRouter } from './createRightSizingRouter';
import { readRightSizingConfig } from './readRightSizingConfig';
import { RightSizingService } from './RightSizingService';

/** Right-sizing (ops guide §9): its settings from `gsvOps.rightSizing`, the service and its routes. */
export function createRightSizing(options: {
  config: Config;
  opsService: OpsService;
  catalog: CatalogService;
  watchCache: WatchCache;
  metrics: MetricsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
}) {
  const service = new RightSizingService({
    ...options,
    settings: readRightSizingConfig(options.config),
  });
  return {
    service,
    router: createRightSizingRouter({ ...options, rightSizing: service }),
  };
}
