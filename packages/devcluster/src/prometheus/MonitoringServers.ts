import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { SimulatedClock, ClockTimer } from '../clock/SimulatedClock';
import { AlertmanagerApi } from './AlertmanagerApi';
import { AlertRuleEvaluator } from './AlertRules';
import {
  AlertmanagerConfig,
  GSV_ALERTMANAGER_CONFIG,
} from './alertmanagerConfig';
import {
  MonitoringSimulation,
  SCRAPE_INTERVAL_MS,
} from './MonitoringSimulation';
import { PrometheusApi, type ApiResponse } from './PrometheusApi';
import type { LoadedRuleGroup } from './ruleGroups';
import type { Tsdb } from './Tsdb';

/** A fault of the embedded Prometheus or Alertmanager. */
export interface MonitoringFault {
  /** Refuse connections (the server stops listening; it comes back on the same port). */
  down?: boolean;
  /** Answer this much later. */
  latencyMs?: number;
  /** Answer this HTTP status (with the API's error body) instead of the result… */
  errorStatus?: number;
  /** …for this share of requests (default 1). */
  errorRate?: number;
}

export type MonitoringTarget = 'prometheus' | 'alertmanager';

/** One plain-HTTP loopback listener that can be taken down and brought back on its port. */
class Listener {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly handler: (
      request: IncomingMessage,
      response: ServerResponse,
    ) => void,
  ) {}

  async listen(port: number): Promise<void> {
    const server = createServer(this.handler);
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }
}

/**
 * The embedded Prometheus and Alertmanager of a devcluster: two loopback HTTP servers (as in a cluster, where they
 * are separate services), a scraper on the cluster's clock, alert rules evaluated at each scrape, and faults.
 */
export class MonitoringServers {
  private readonly prometheus: Listener;
  private readonly alertmanager: Listener;
  private readonly faults = new Map<MonitoringTarget, MonitoringFault>();
  private readonly alerts: AlertRuleEvaluator;
  private timer?: ClockTimer;
  private stopped = false;

  constructor(
    private readonly options: {
      tsdb: Tsdb;
      simulation: MonitoringSimulation;
      /** The rule groups to evaluate, read again at each evaluation (the PrometheusRule objects of the store). */
      ruleGroups: () => LoadedRuleGroup[];
      /** Alertmanager's configuration (YAML); default: the ops guide's. */
      alertmanagerConfig?: string;
      clock: SimulatedClock;
      log?: (message: string) => void;
    },
  ) {
    this.alerts = new AlertRuleEvaluator(options.tsdb, options.ruleGroups);
    const prometheusApi = new PrometheusApi({
      tsdb: options.tsdb,
      now: () => options.clock.now(),
      ruleGroups: () => this.alerts.ruleGroups(),
    });
    this.prometheus = new Listener(
      this.handler('prometheus', (path, params) =>
        prometheusApi.handle(path, params),
      ),
    );
    const alertmanagerApi = new AlertmanagerApi({
      alerts: () => this.alerts.alerts(),
      generatorUrl: alert =>
        `${this.prometheusUrl}/graph?g0.expr=${encodeURIComponent(
          alert.expr,
        )}&g0.tab=1`,
      config: new AlertmanagerConfig(
        options.alertmanagerConfig ?? GSV_ALERTMANAGER_CONFIG,
      ),
      startedAt: options.clock.now(),
    });
    this.alertmanager = new Listener(
      this.handler('alertmanager', (path, params) =>
        alertmanagerApi.handle(path, params),
      ),
    );
  }

  get prometheusUrl(): string {
    return `http://127.0.0.1:${this.prometheus.port}`;
  }

  get alertmanagerUrl(): string {
    return `http://127.0.0.1:${this.alertmanager.port}`;
  }

  /** Starts both servers, backfills up to an hour of history (less for large clusters, see `backfill`), and scrapes every 15 s of cluster time from now on. */
  async start(
    ports: { prometheus?: number; alertmanager?: number } = {},
  ): Promise<void> {
    const now = this.options.clock.now();
    this.options.simulation.backfill(now, 3_600_000, t =>
      this.alerts.evaluate(t),
    );
    await this.prometheus.listen(ports.prometheus ?? 0);
    await this.alertmanager.listen(ports.alertmanager ?? 0);
    this.schedule();
  }

  /** Scrapes and evaluates the rules now (tests call it after changing the world). */
  scrapeNow(): void {
    this.scrape(true);
  }

  /** Scrapes, and evaluates the rule groups that are due (all of them when `evaluateAll`). */
  private scrape(evaluateAll: boolean): void {
    const now = this.options.clock.now();
    this.options.simulation.scrape(now);
    this.alerts.evaluate(now, evaluateAll);
  }

  async setFault(
    target: MonitoringTarget,
    fault: MonitoringFault | undefined,
  ): Promise<void> {
    const listener =
      target === 'prometheus' ? this.prometheus : this.alertmanager;
    if (fault) this.faults.set(target, fault);
    else this.faults.delete(target);
    if (fault?.down && listener.listening) await listener.close();
    if (!fault?.down && !listener.listening && !this.stopped)
      await listener.listen(listener.port);
  }

  listFaults(): Array<{ target: MonitoringTarget } & MonitoringFault> {
    return [...this.faults].map(([target, fault]) => ({ target, ...fault }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.clock.cancel(this.timer);
    await Promise.all([this.prometheus.close(), this.alertmanager.close()]);
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = this.options.clock.after(SCRAPE_INTERVAL_MS, () => {
      try {
        this.scrape(false);
      } catch (error) {
        this.options.log?.(
          `monitoring scrape failed: ${(error as Error).message}`,
        );
      }
      this.schedule();
    });
  }

  private handler(
    target: MonitoringTarget,
    api: (path: string, params: URLSearchParams) => ApiResponse,
  ) {
    return (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', chunk => chunks.push(chunk));
      request.on('end', async () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const params = new URLSearchParams(url.search);
        const contentType = request.headers['content-type'] ?? '';
        if (
          request.method === 'POST' &&
          contentType.startsWith('application/x-www-form-urlencoded')
        ) {
          for (const [key, value] of new URLSearchParams(
            Buffer.concat(chunks).toString('utf8'),
          ))
            params.append(key, value);
        }
        const fault = this.faults.get(target);
        if (fault?.latencyMs)
          await new Promise(resolve => setTimeout(resolve, fault.latencyMs));
        if (response.destroyed) return;
        let result: ApiResponse;
        if (fault?.errorStatus && Math.random() < (fault.errorRate ?? 1)) {
          result =
            target === 'prometheus'
              ? {
                  status: fault.errorStatus,
                  body: {
                    status: 'error',
                    errorType: 'internal',
                    error: `injected fault: HTTP ${fault.errorStatus}`,
                  },
                }
              : {
                  status: fault.errorStatus,
                  body: {
                    code: fault.errorStatus,
                    message: `injected fault: HTTP ${fault.errorStatus}`,
                  },
                };
        } else if (request.method !== 'GET' && request.method !== 'POST') {
          result = {
            status: 405,
            body: {
              status: 'error',
              errorType: 'bad_data',
              error: 'method not allowed',
            },
          };
        } else {
          try {
            result = api(url.pathname, params);
          } catch (error) {
            result = {
              status: 500,
              body: {
                status: 'error',
                errorType: 'internal',
                error: (error as Error).message,
              },
            };
          }
        }
        response.writeHead(result.status, {
          'Content-Type': 'application/json',
        });
        response.end(JSON.stringify(result.body));
      });
    };
  }
}
