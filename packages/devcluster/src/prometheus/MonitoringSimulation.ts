import { parseQuantity } from '../api/format';
import { seededRandom } from '../api/names';
import type { KubeObject } from '../api/types';
import type { ObjectStore } from '../store/ObjectStore';
import { isReady, ResourceUsageModel } from '../simulation/resourceUsage';
import type { SimulationState } from '../simulation/SimulationState';
import { pvcUsedBytes } from '../simulation/kubeletSummary';
import { workloadKey, workloadOf } from '../simulation/workloads';
import type { Labels } from './promql';
import { KeycloakLogins } from './keycloakLogins';
import type { Tsdb } from './Tsdb';
import { scrapeWalArchiver } from './walArchiver';

/**
 * The metrics the GSV platform's exporters would expose, scraped from the simulated world every 15 s of cluster time:
 * the services' own HTTP metrics, cAdvisor and kube-state-metrics, the kubelet's volume stats, CloudNativePG's
 * exporter, the Celery exporter and Keycloak's metrics SPI (failed logins, keycloakLogins.ts). The numbers follow the
 * world: latency and errors rise as a service loses ready pods, the Celery backlog grows while the workers cannot keep
 * up, volumes fill as their usage grows.
 */

export const SCRAPE_INTERVAL_MS = 15_000;

/** Pod-scrapes the start-up backfill may cost (about 0.1 ms each): an hour of 15 s scrapes of 100 pods. */
export const BACKFILL_POD_SCRAPES = 241 * 100;

/** Requests per second a fully busy pod (one "busy pod" of load) serves. */
const REQUESTS_PER_BUSY_POD = 25;
/** Load one pod can carry before requests queue up (pods burst above their request up to their limit). */
const POD_CAPACITY = 1.5;
/** Mean service time and fixed overhead of a request, seconds. */
const SERVICE_TIME = 0.03;
const NETWORK_OVERHEAD = 0.01;
const BASELINE_ERROR_RATIO = 0.0004;
const LATENCY_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Tasks per minute one Celery worker pod completes. */
export const TASKS_PER_WORKER_MINUTE = 400;
/** Seconds a task spends in the queue when the workers keep up. */
const QUEUE_TRANSIT_SECONDS = 3;
const MAX_CONNECTIONS = 100;
const CFS_PERIOD_SECONDS = 0.1;

interface HttpProfile {
  job: string;
  namespace: string;
  deployment: string;
  readyPods: KubeObject[];
  desired: number;
}

export class MonitoringSimulation {
  /** Tasks waiting beyond the steady state, per worker deployment. */
  private readonly backlog = new Map<string, number>();
  private lastScrape?: number;
  private readonly logins: KeycloakLogins;

  constructor(
    private readonly options: {
      store: ObjectStore;
      simulation: SimulationState;
      usage: ResourceUsageModel;
      tsdb: Tsdb;
    },
  ) {
    this.logins = new KeycloakLogins(options.tsdb);
  }

  /** Scrapes the world at `now`, appending one sample per series. */
  scrape(now: number): void {
    const dt =
      this.lastScrape === undefined
        ? SCRAPE_INTERVAL_MS / 1000
        : Math.max(0, (now - this.lastScrape) / 1000);
    this.lastScrape = now;
    const pods = this.options.store.list('/pods');
    this.scrapeHttpServices(pods, now, dt);
    this.scrapeContainers(pods, now, dt);
    this.scrapeVolumes(now);
    this.scrapeDatabases(pods, now);
    this.scrapeQueues(now, dt);
    this.logins.scrape(pods, now, SCRAPE_INTERVAL_MS);
  }

  /**
   * Fills up to the last `durationMs` with scrapes of the current state, so graphs have a history from the start;
   * `afterEach` runs after every scrape (the alert rules are evaluated there, so standing conditions already fire).
   * The history is cut to BACKFILL_POD_SCRAPES pod-scrapes: the GSV seed gets its full hour, a scale-mode cluster
   * of 10,000 pods starts in seconds with a few scrapes of history. Returns the history filled, in ms.
   */
  backfill(
    now: number,
    durationMs: number,
    afterEach?: (t: number) => void,
  ): number {
    const pods = Math.max(1, this.options.store.list('/pods').length);
    const scrapes = Math.max(
      1,
      Math.min(
        Math.floor(durationMs / SCRAPE_INTERVAL_MS) + 1,
        Math.floor(BACKFILL_POD_SCRAPES / pods),
      ),
    );
    const filledMs = (scrapes - 1) * SCRAPE_INTERVAL_MS;
    for (let t = now - filledMs; t <= now; t += SCRAPE_INTERVAL_MS) {
      this.scrape(t);
      afterEach?.(t);
    }
    return filledMs;
  }

  private append(labels: Labels, t: number, v: number) {
    this.options.tsdb.append(labels, t, v);
  }

  private increase(labels: Labels, t: number, by: number) {
    const previous = this.options.tsdb.latest(labels)?.v ?? 0;
    this.append(labels, t, previous + by);
  }

  private httpServices(pods: KubeObject[]): HttpProfile[] {
    const services = new Map<string, HttpProfile>();
    for (const deployment of this.options.store.list('apps/deployments')) {
      const template = deployment.spec?.template;
      const job = template?.metadata?.labels?.['backstage.io/kubernetes-id'];
      const servesHttp = (template?.spec?.containers ?? []).some((c: any) =>
        (c.ports ?? []).some((p: any) => p.name === 'http'),
      );
      if (!job || !servesHttp) continue;
      services.set(
        `${deployment.metadata.namespace}/${deployment.metadata.name}`,
        {
          job,
          namespace: deployment.metadata.namespace ?? '',
          deployment: deployment.metadata.name ?? '',
          readyPods: [],
          desired: deployment.spec?.replicas ?? 1,
        },
      );
    }
    for (const pod of pods) {
      if (!ResourceUsageModel.isRunning(pod) || !isReady(pod)) continue;
      const service = services.get(
        workloadKey(workloadOf(this.options.store, pod)),
      );
      service?.readyPods.push(pod);
    }
    return [...services.values()];
  }

  private scrapeHttpServices(pods: KubeObject[], now: number, dt: number) {
    for (const service of this.httpServices(pods)) {
      const load =
        this.options.simulation.load.get(
          `${service.namespace}/${service.deployment}`,
        ) ?? 0.2;
      const ready = service.readyPods.length;
      if (ready === 0) continue; // no pod, no metrics: the service is down and Prometheus has no target
      const utilisation = load / (ready * POD_CAPACITY);
      // A saturated service sheds what it cannot serve; what it serves waits in line (M/M/1-like queueing).
      const shed = utilisation > 1 ? 1 - 1 / utilisation : 0;
      const waiting = SERVICE_TIME / (1 - Math.min(utilisation, 0.985));
      const offered = load * REQUESTS_PER_BUSY_POD * dt;
      const errorRatio = Math.min(1, BASELINE_ERROR_RATIO + shed);
      for (const pod of service.readyPods) {
        const base = {
          job: service.job,
          namespace: service.namespace,
          pod: pod.metadata.name ?? '',
        };
        const share = offered / ready;
        const wobble =
          0.9 +
          0.2 *
            seededRandom(
              `${pod.metadata.name}/${Math.floor(now / SCRAPE_INTERVAL_MS)}`,
            );
        const requests = share * wobble;
        this.append(
          {
            __name__: 'up',
            ...base,
            instance: `${pod.status?.podIP ?? pod.metadata.name}:8000`,
          },
          now,
          1,
        );
        this.increase(
          { __name__: 'http_requests_total', ...base, status: '200' },
          now,
          requests * (1 - errorRatio),
        );
        this.increase(
          { __name__: 'http_requests_total', ...base, status: '503' },
          now,
          requests * errorRatio,
        );
        const served = requests * (1 - errorRatio);
        for (const le of LATENCY_BUCKETS) {
          const below =
            le <= NETWORK_OVERHEAD
              ? 0
              : 1 - Math.exp(-(le - NETWORK_OVERHEAD) / waiting);
          this.increase(
            {
              __name__: 'http_request_duration_seconds_bucket',
              ...base,
              le: String(le),
            },
            now,
            served * below,
          );
        }
        this.increase(
          {
            __name__: 'http_request_duration_seconds_bucket',
            ...base,
            le: '+Inf',
          },
          now,
          served,
        );
        this.increase(
          { __name__: 'http_request_duration_seconds_count', ...base },
          now,
          served,
        );
        this.increase(
          { __name__: 'http_request_duration_seconds_sum', ...base },
          now,
          served * (NETWORK_OVERHEAD + waiting),
        );
      }
    }
  }

  private scrapeContainers(pods: KubeObject[], now: number, dt: number) {
    for (const pod of pods) {
      const usage = this.options.usage.podUsage(pod, now);
      if (usage.length === 0) continue;
      const namespace = pod.metadata.namespace ?? '';
      const podName = pod.metadata.name ?? '';
      const containers: any[] = pod.spec?.containers ?? [];
      for (const container of usage) {
        const spec = containers.find(c => c.name === container.name);
        const base = { namespace, pod: podName, container: container.name };
        this.increase(
          { __name__: 'container_cpu_usage_seconds_total', ...base },
          now,
          container.cpuCores * dt,
        );
        this.append(
          { __name__: 'container_memory_working_set_bytes', ...base },
          now,
          container.memoryBytes,
        );
        const cpuLimit = parseQuantity(spec?.resources?.limits?.cpu);
        const memoryLimit = parseQuantity(spec?.resources?.limits?.memory);
        for (const [resource, value, unit] of [
          ['cpu', cpuLimit, 'core'],
          ['memory', memoryLimit, 'byte'],
        ] as const) {
          if (value !== undefined) {
            this.append(
              {
                __name__: 'kube_pod_container_resource_limits',
                ...base,
                resource,
                unit,
              },
              now,
              value,
            );
          }
        }
        if (cpuLimit) {
          // CFS throttles once usage approaches the quota.
          const periods = dt / CFS_PERIOD_SECONDS;
          const throttled = Math.min(
            1,
            Math.max(0, (container.cpuCores / cpuLimit - 0.8) / 0.2),
          );
          this.increase(
            { __name__: 'container_cpu_cfs_periods_total', ...base },
            now,
            periods,
          );
          this.increase(
            { __name__: 'container_cpu_cfs_throttled_periods_total', ...base },
            now,
            periods * throttled,
          );
        }
      }
    }
  }

  private scrapeVolumes(now: number) {
    for (const pvc of this.options.store.list('/persistentvolumeclaims')) {
      if (pvc.status?.phase !== 'Bound') continue;
      const { used, capacity } = pvcUsedBytes(
        this.options.simulation,
        pvc,
        now,
      );
      const base = {
        namespace: pvc.metadata.namespace ?? '',
        persistentvolumeclaim: pvc.metadata.name ?? '',
      };
      this.append(
        { __name__: 'kubelet_volume_stats_used_bytes', ...base },
        now,
        used,
      );
      this.append(
        { __name__: 'kubelet_volume_stats_capacity_bytes', ...base },
        now,
        capacity,
      );
      this.append(
        { __name__: 'kubelet_volume_stats_available_bytes', ...base },
        now,
        Math.max(0, capacity - used),
      );
    }
  }

  private scrapeDatabases(pods: KubeObject[], now: number) {
    const readyClients = (namespace: string) =>
      pods.filter(
        p =>
          p.metadata.namespace === namespace &&
          !p.metadata.labels?.['cnpg.io/cluster'] &&
          ResourceUsageModel.isRunning(p) &&
          isReady(p),
      ).length;
    for (const cluster of this.options.store.list(
      'postgresql.cnpg.io/clusters',
    )) {
      const namespace = cluster.metadata.namespace ?? '';
      const name = cluster.metadata.name ?? '';
      const instances = pods.filter(
        p =>
          p.metadata.namespace === namespace &&
          p.metadata.labels?.['cnpg.io/cluster'] === name &&
          p.metadata.labels?.['cnpg.io/podRole'] === 'instance' &&
          ResourceUsageModel.isRunning(p),
      );
      if (instances.length === 0) continue;
      scrapeWalArchiver({ cluster, instances, simulation: this.options.simulation, tsdb: this.options.tsdb, now });
      // Each application pod keeps a pool of connections; most go to the primary (the rw service).
      const total = 6 + 9 * readyClients(namespace);
      const replicas = instances.length - 1;
      const primaryShare = replicas > 0 ? 0.75 : 1;
      for (const pod of instances) {
        const primary =
          pod.metadata.labels?.['cnpg.io/instanceRole'] === 'primary';
        const share = primary ? primaryShare : 0.25 / Math.max(1, replicas);
        const base = { namespace, pod: pod.metadata.name ?? '' };
        const connections = Math.round(total * share);
        this.append(
          { __name__: 'cnpg_collector_up', ...base, cluster: name },
          now,
          1,
        );
        this.append(
          {
            __name__: 'cnpg_backends_total',
            ...base,
            datname: 'app',
            state: 'active',
            usename: 'app',
          },
          now,
          Math.ceil(connections * 0.3),
        );
        this.append(
          {
            __name__: 'cnpg_backends_total',
            ...base,
            datname: 'app',
            state: 'idle',
            usename: 'app',
          },
          now,
          Math.floor(connections * 0.7),
        );
        this.append(
          {
            __name__: 'cnpg_pg_settings_setting',
            ...base,
            name: 'max_connections',
          },
          now,
          MAX_CONNECTIONS,
        );
      }
    }
  }

  private scrapeQueues(now: number, dt: number) {
    for (const [key, inflowPerMinute] of this.options.simulation.queueInflow) {
      const [namespace, name] = key.split('/');
      const deployment = this.options.store.get(
        'apps/deployments',
        namespace,
        name,
      );
      const workers = deployment?.status?.readyReplicas ?? 0;
      const capacityPerMinute = workers * TASKS_PER_WORKER_MINUTE;
      const backlog = Math.max(
        0,
        (this.backlog.get(key) ?? 0) +
          ((inflowPerMinute - capacityPerMinute) / 60) * dt,
      );
      this.backlog.set(key, backlog);
      const inTransit = (inflowPerMinute / 60) * QUEUE_TRANSIT_SECONDS;
      const wobble =
        0.85 +
        0.3 * seededRandom(`${key}/${Math.floor(now / SCRAPE_INTERVAL_MS)}`);
      this.append(
        {
          __name__: 'celery_queue_length',
          queue_name: 'celery',
          namespace,
          deployment: name,
        },
        now,
        Math.round(backlog + inTransit * wobble),
      );
      this.append(
        { __name__: 'celery_workers', queue_name: 'celery', namespace },
        now,
        workers,
      );
    }
  }
}
