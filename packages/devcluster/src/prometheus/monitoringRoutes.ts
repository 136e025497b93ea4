import type { RouteRegistry } from '../server/RouteRegistry';
import type {
  MonitoringFault,
  MonitoringServers,
  MonitoringTarget,
} from './MonitoringServers';

/**
 * Admin endpoints of the embedded monitoring (admin token only):
 * - `GET /devcluster/monitoring` — the Prometheus and Alertmanager URLs and their faults;
 * - `POST /devcluster/monitoring/faults` with `{"target": "prometheus"|"alertmanager", "down"?, "latencyMs"?,
 *   "errorStatus"?, "errorRate"?}` sets a fault, `{"target": …, "clear": true}` removes it;
 * - `POST /devcluster/monitoring/scrape` — scrape and evaluate the alert rules now.
 */
export function registerMonitoringRoutes(
  routes: RouteRegistry,
  monitoring: MonitoringServers,
): void {
  routes.add({
    method: 'GET',
    path: '/devcluster/monitoring',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context =>
      context.sendJson(200, {
        prometheusUrl: monitoring.prometheusUrl,
        alertmanagerUrl: monitoring.alertmanagerUrl,
        faults: monitoring.listFaults(),
      }),
  });
  routes.add({
    method: 'POST',
    path: '/devcluster/monitoring/faults',
    auth: 'admin',
    logAs: 'devcluster',
    handle: async context => {
      let body: { target?: string; clear?: boolean } & MonitoringFault;
      try {
        body = JSON.parse((await context.readBody()) || '{}');
      } catch {
        context.sendJson(400, { message: 'The body must be JSON' });
        return;
      }
      if (body.target !== 'prometheus' && body.target !== 'alertmanager') {
        context.sendJson(400, {
          message: 'target must be "prometheus" or "alertmanager"',
        });
        return;
      }
      const { target, clear, ...fault } = body;
      await monitoring.setFault(
        target as MonitoringTarget,
        clear ? undefined : fault,
      );
      context.sendJson(200, { faults: monitoring.listFaults() });
    },
  });
  routes.add({
    method: 'POST',
    path: '/devcluster/monitoring/scrape',
    auth: 'admin',
    logAs: 'devcluster',
    handle: context => {
      monitoring.scrapeNow();
      context.sendJson(200, { scraped: true });
    },
  });
}
