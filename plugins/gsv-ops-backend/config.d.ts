import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * The clusters, as the official Kubernetes plugin declares them. GSV Ops reads the `config` locator's clusters
   * (declared once for both plugins); other locator types are ignored by GSV Ops.
   */
  kubernetes?: {
    /**
     * Where the clusters come from.
     * @visibility frontend
     */
    clusterLocatorMethods?: Array<{
      /**
       * The locator type; GSV Ops reads `config`.
       * @visibility frontend
       */
      type: string;
      /**
       * The clusters of a `config` locator.
       * @visibility frontend
       */
      clusters?: Array<{
        /**
         * Unique cluster name, also the key of `gsvOps.clusters`.
         * @visibility frontend
         */
        name: string;
        /**
         * API server URL, e.g. `https://10.0.0.1:6443`.
         * @visibility frontend
         */
        url: string;
        /**
         * Display title.
         * @visibility frontend
         */
        title?: string;
        /**
         * `serviceAccount` (the only provider GSV Ops supports). Without `serviceAccountToken` the pod's mounted
         * service-account token is used (in-cluster).
         * @visibility frontend
         */
        authProvider?: string;
        /**
         * Bearer token of the backend's service account.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * Base64-encoded PEM CA bundle of the API server.
         * @visibility secret
         */
        caData?: string;
        /**
         * Path to a PEM CA bundle of the API server.
         * @visibility secret
         */
        caFile?: string;
        /**
         * Do not verify the API server's certificate (never in production).
         * @visibility frontend
         */
        skipTLSVerify?: boolean;
      }>;
    }>;
  };

  /** GSV Ops backend settings on top of the cluster declarations. */
  gsvOps?: {
    /**
     * Seconds between two listings of the official Kubernetes plugin's clusters (default 60): a cluster its supplier
     * finds later (e.g. a new `kubernetes-cluster` entity in the catalog) is watched from the next listing on.
     * @visibility backend
     */
    clusterRefreshSeconds?: number;
    /**
     * Dashboards shown on every service's Ops tab ("Alert rules & dashboards"), e.g. the ops guide's §2.1 Grafana
     * dashboards. `url` may use `{namespace}`, `{service}` (its Prometheus job), `{cluster}` and `{environment}`;
     * `environment` limits a dashboard to the clusters of that environment. An entity adds its own with the
     * `gsv.io/dashboards` annotation.
     */
    dashboards?: Array<{
      title: string;
      url: string;
      environment?: string;
    }>;
    /** Per-cluster settings, keyed by cluster name. */
    clusters?: {
      [clusterName: string]: {
        /**
         * The environment of the cluster; production rules apply to `prod`. Defaults to `prod` (the strictest).
         * @visibility backend
         */
        environment?: 'dev' | 'qa' | 'prod';
        /**
         * Namespaces to watch; all namespaces when absent or empty.
         * @visibility backend
         */
        namespaces?: string[];
        /**
         * Timeout of one list or get request, in seconds (default 10). Watches are idle-timed-out instead.
         * @visibility backend
         */
        requestTimeoutSeconds?: number;
        /**
         * Seconds between liveness probes (`GET /version`) while the cluster is healthy (default 30).
         * @visibility backend
         */
        probeIntervalSeconds?: number;
        /**
         * The most objects the watch cache keeps of this cluster, its memory cap (default 200,000, about 1.3 GB at
         * the measured 6–7 KB per object). Beyond it the kind with the most objects is no longer cached and the
         * views say so, until a restart.
         * @visibility backend
         */
        maxCachedObjects?: number;
        /**
         * Leave this cluster out of GSV Ops (it stays available to the official plugin).
         * @visibility backend
         */
        disabled?: boolean;
        /**
         * GSV Ops' own identity on this cluster: the bearer token of the service account that holds the write rights
         * of the runbooks (deploy/base/rbac.yaml). Give the official Kubernetes plugin a read-only identity in
         * `kubernetes.clusterLocatorMethods`: its proxy forwards whatever a user sends. Without this (or
         * `serviceAccountTokenFile`), GSV Ops uses the cluster's identity there and warns at start.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * Like `serviceAccountToken`, read from a file on every request (e.g. the pod's projected token,
         * `/var/run/secrets/kubernetes.io/serviceaccount/token`, in the cluster Backstage runs in).
         * @visibility backend
         */
        serviceAccountTokenFile?: string;
        /** The Prometheus that scrapes this cluster: the key metrics and recommendations come from it. */
        prometheus?: {
          /**
           * Base URL of the Prometheus HTTP API, e.g. `http://prometheus.observability:9090`.
           * @visibility backend
           */
          baseUrl: string;
          /**
           * Bearer token, when Prometheus sits behind an authenticating proxy.
           * @visibility secret
           */
          token?: string;
          /**
           * Timeout of one query, in seconds (default 5).
           * @visibility backend
           */
          timeoutSeconds?: number;
          /**
           * Where people open this Prometheus in a browser, when `baseUrl` is an in-cluster address: the alert
           * rules card links each rule there (default `baseUrl`).
           * @visibility frontend
           */
          publicUrl?: string;
        };
        /** The Alertmanager of this cluster: the firing alerts of each service come from it (API v2). */
        alertmanager?: {
          /**
           * Base URL, e.g. `http://alertmanager.observability:9093`.
           * @visibility backend
           */
          baseUrl: string;
          /**
           * Bearer token, when Alertmanager sits behind an authenticating proxy.
           * @visibility secret
           */
          token?: string;
          /**
           * Timeout of one request, in seconds (default 5).
           * @visibility backend
           */
          timeoutSeconds?: number;
          /**
           * The alert label whose value is the service's Prometheus job (default `service`).
           * @visibility backend
           */
          serviceLabel?: string;
        };
      };
    };
    /**
     * DR readiness (ops guide §5.3): what each database is held to. Durations as Backstage reads them (`5m`, `26h`,
     * `90d`, `{ days: 90 }`, ISO 8601).
     */
    drReadiness?: {
      /** How far back a restore must reach (default 5m). @visibility backend */
      restorePointAge?: string | HumanDuration;
      /** The largest acceptable data loss, now − last archived WAL (default 5m). @visibility backend */
      rpoTarget?: string | HumanDuration;
      /** The oldest acceptable last successful backup (default 26h). @visibility backend */
      maxBackupAge?: string | HumanDuration;
      /** How often a restore must be rehearsed with the restore runbook (default 90d). @visibility backend */
      rehearsalInterval?: string | HumanDuration;
    };
    /** Key metrics (ops guide §1.2) and the scaling decision matrix (§3.4). */
    metrics?: {
      /**
       * How long a query result is shared by every viewer, in seconds (default 15).
       * @visibility backend
       */
      cacheSeconds?: number;
      /**
       * Thresholds per metric (`p99Latency` seconds; `errorRate`, `dbConnections`, `memory`, `cpu`, `disk` ratios
       * 0–1; `queueDepth` tasks): `healthy`, `warning`, `critical`. Defaults are the ops guide's. Entities can
       * override them with the `gsv.io/metric-thresholds` annotation (JSON of the same shape).
       * @visibility backend
       */
      thresholds?: {
        [metric: string]: { healthy?: number; warning?: number; critical?: number };
      };
      /**
       * The symptoms of the decision matrix (defaults: `p99LatencySeconds` 2, `memoryRatio` 0.85,
       * `cpuThrottlingRatio` 0.9, `queueDepth` 500, `dbConnectionsRatio` 0.8).
       * @visibility backend
       */
      recommendations?: {
        p99LatencySeconds?: number;
        memoryRatio?: number;
        cpuThrottlingRatio?: number;
        queueDepth?: number;
        dbConnectionsRatio?: number;
      };
    };
    /** Right-sizing (ops guide §9): container requests against their p95 usage in Prometheus. */
    rightSizing?: {
      /**
       * The window of the p95, a Prometheus duration (default `7d`). Shorten it where Prometheus has less history.
       * @visibility backend
       */
      window?: string;
      /**
       * The step of the p95 subqueries, a Prometheus duration (default `5m`).
       * @visibility backend
       */
      resolution?: string;
      /**
       * The usage history a verdict needs, a Prometheus duration (default `1d`); with less, "not enough data yet".
       * @visibility backend
       */
      minimumHistory?: string;
      /**
       * The suggested request is p95 × headroom, rounded up (default 1.2).
       * @visibility backend
       */
      headroom?: number;
      /**
       * Over-provisioned when p95 / request is below this (default 0.5).
       * @visibility backend
       */
      overProvisionedBelow?: number;
      /**
       * Under-provisioned when p95 / request is above this (default 1).
       * @visibility backend
       */
      underProvisionedAbove?: number;
      /**
       * How many GiB of memory weigh as much as one CPU core when ranking waste (default 4, as cloud VMs price them).
       * @visibility backend
       */
      memoryGiBPerCore?: number;
      /**
       * How long usage figures are shared by every viewer, in seconds (default 300).
       * @visibility backend
       */
      cacheSeconds?: number;
    };
    /** The Security card: trivy-operator's VulnerabilityReports, service-account RBAC, failed logins. */
    security?: {
      /**
       * Days after which a VulnerabilityReport is flagged stale (default 7).
       * @visibility backend
       */
      staleReportDays?: number;
      /**
       * How many CVEs the card lists, most severe first (default 10, at most 50).
       * @visibility backend
       */
      topCves?: number;
      /**
       * The Prometheus counter of failed logins (default `keycloak_failed_login_attempts`, from the Keycloak
       * metrics SPI; its `error` label gives the reasons).
       * @visibility backend
       */
      failedLoginsMetric?: string;
    };
    /** Thresholds of the findings; defaults from the ops guide (§1.2) and the tools' conventions. */
    thresholds?: {
      certificates?: {
        /**
         * Days before expiry from which a certificate is a warning (default 30).
         * @visibility backend
         */
        warningDays?: number;
        /**
         * Days before expiry from which a certificate is critical (default 7).
         * @visibility backend
         */
        criticalDays?: number;
        /**
         * Minutes after the scheduled renewal time before a not-renewed certificate is flagged (default 60).
         * @visibility backend
         */
        renewalGraceMinutes?: number;
      };
      disk?: {
        /**
         * Upper bound of the healthy range in percent (default 70).
         * @visibility backend
         */
        healthyBelowPercent?: number;
        /**
         * Usage in percent from which a PVC is a warning (default 80).
         * @visibility backend
         */
        warningPercent?: number;
        /**
         * Usage in percent from which a PVC is critical (default 90).
         * @visibility backend
         */
        criticalPercent?: number;
      };
      backups?: {
        /**
         * Minutes of grace after a scheduled backup was due (default 60).
         * @visibility backend
         */
        graceMinutes?: number;
        /**
         * Missed schedule periods from which a late backup is critical (default 2).
         * @visibility backend
         */
        criticalMissedRuns?: number;
      };
      pods?: {
        /**
         * Minutes a pod may be Pending before it is a warning (default 5).
         * @visibility backend
         */
        pendingWarningMinutes?: number;
        /**
         * Container restarts from which a running pod is a warning (default 5).
         * @visibility backend
         */
        restartsWarning?: number;
      };
      events?: {
        /**
         * Events older than this many minutes are not shown (default 60).
         * @visibility backend
         */
        maxAgeMinutes?: number;
        /**
         * At most this many events per cluster in a view (default 50).
         * @visibility backend
         */
        limit?: number;
      };
      externalSecrets?: {
        /**
         * A synced ExternalSecret not refreshed for this many refresh intervals is a warning (default 3).
         * @visibility backend
         */
        staleRefreshIntervals?: number;
      };
    };
    /**
     * Notifications (`@backstage/plugin-notifications-backend`): the requester when a runbook run ends, and an
     * entity's owners once a day about an expiring or failing certificate, a failed or late backup, a volume at
     * the critical usage threshold.
     */
    notifications?: {
      /**
       * Default: on when the notifications backend is installed in this backend. `false` sends nothing; `true`
       * sends also when the notifications backend runs in another backend instance.
       * @visibility backend
       */
      enabled?: boolean;
      /**
       * When the entity condition check runs (one replica at a time), e.g. `{ frequency: { hours: 1 },
       * timeout: { minutes: 10 } }` (the default) or `{ frequency: { cron: '0 8 * * *' }, timeout: { minutes: 10 } }`.
       * @visibility backend
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Certificates expiring within this many days are notified (default: `thresholds.certificates.criticalDays`).
       * Expiring is a finding from `thresholds.certificates.warningDays` on, so a larger value notifies from there.
       * @visibility backend
       */
      certificateDays?: number;
    };
    /** PVC usage (used/capacity bytes) from the kubelet summary API through the API server's node proxy. */
    pvcUsage?: {
      /**
       * `kubelet` (needs `nodes/proxy get`) or `none` (usage shown as unknown). Default `kubelet`.
       * @visibility backend
       */
      source?: 'kubelet' | 'none';
      /**
       * Seconds between two collections; each asks every node that runs a pod with a PVC once (default 60).
       * @visibility backend
       */
      intervalSeconds?: number;
    };
    /** Incidents declared on a service (ops guide §6). */
    incidents?: {
      /**
       * When true, an operation's maintenance-window override must name an open incident declared in GSV Ops on the
       * same service. Default false: ids of other trackers (e.g. INC-1234) are still accepted, while `GSV-INC-…` ids
       * are always checked.
       * @visibility backend
       */
      requireDeclared?: boolean;
    };
    /**
     * The database-migrate runbook (ops guide §4.4). The annotation `gsv.io/migrate-command` (and
     * `gsv.io/migrate-plan-command`) on the catalog entity or on the Deployment wins over these.
     */
    migrations?: {
      /**
       * The command that applies the migrations, run with `/bin/sh -c` in the service's image (default
       * `python manage.py migrate --noinput`).
       * @visibility backend
       */
      command?: string;
      /**
       * The command that lists them without applying (mode `plan`; default `python manage.py showmigrations`).
       * @visibility backend
       */
      planCommand?: string;
    };
    /**
     * Image promotion (runbook image-promote): the environments in promotion order and the cluster each runs on.
     * An Application's `spec.source.path` must be `…/overlays/<environment>` of a repository a Git host serves
     * (`file://` repositories: the local host). Without environments the runbook is refused.
     */
    promotion?: {
      /**
       * `commit` (default, what the embedded dev stack uses): a direct commit to the application's branch.
       * `pull-request` (recommended for real repositories): a branch `gsv/promote-<application>-<tag>` and a pull
       * request, which a person merges; the operation waits for the merge, then syncs the merge commit.
       */
      mode?: 'commit' | 'pull-request';
      /** pull-request mode: how long to wait for the merge (minutes, default 60) and how often to ask (seconds, default 10). */
      pullRequest?: { timeoutMinutes?: number; pollIntervalSeconds?: number };
      environments?: Array<{ name: string; cluster: string }>;
      /** Author of the promotion commits (default GSV Ops <gsv-ops@backstage.invalid>). */
      author?: { name?: string; email?: string };
    };
    /**
     * The operations engine behind the runbooks: leases, the janitor, and the policy every operation is checked
     * against. See the README's "Operations" section for the ops guide's §7.1 table as an example.
     */
    operations?: {
      /**
       * The Kubernetes Jobs some runbooks run their commands in (migrations): never `kubectl exec`.
       */
      jobs?: {
        /**
         * Seconds a Job may run before Kubernetes stops it (`activeDeadlineSeconds`, default 900).
         * @visibility backend
         */
        activeDeadlineSeconds?: number;
        /**
         * Minutes a failed Job and its pod stay in the cluster for `kubectl describe`/`kubectl logs` (default 60;
         * 0 deletes it at once). Enforced by the Job's own `ttlSecondsAfterFinished`, so it goes even when the backend
         * does not come back. A Job that succeeded is deleted as soon as its log was read.
         * @visibility backend
         */
        keepFailedMinutes?: number;
      };
      /**
       * Seconds a lock on a target (and an operation's claim to be alive) lasts without renewal; the running
       * backend renews it every third of that. An operation whose backend died is marked interrupted after it
       * ran out (default 60).
       * @visibility backend
       */
      leaseSeconds?: number;
      /**
       * Seconds between two runs of the janitor that marks operations of stopped backends as interrupted (default 30).
       * @visibility backend
       */
      janitorIntervalSeconds?: number;
      /**
       * How long ended operations stay in the audit log; a task deletes older ones every 6 hours. Running operations
       * are never deleted.
       */
      retention?: {
        /**
         * Days for operations that changed (or tried to change) a cluster (default 400).
         * @visibility backend
         */
        operationsDays?: number;
        /**
         * Days for dry runs, the previews every runbook form runs (default 30).
         * @visibility backend
         */
        dryRunsDays?: number;
      };
      /**
       * The review, enforced by the server: a real run must name (`reviewedDryRunId`) a successful dry run of the same
       * runbook, entity, cluster, target and parameters by the same person, not older than `maxAgeMinutes`, used by
       * no other run. The runbook templates and the Ops tab's quick actions always pass it.
       */
      review?: {
        /**
         * Environments where a real run needs a reviewed dry run (default: dev, qa and prod). `prod` cannot be left
         * out.
         * @visibility backend
         */
        requiredIn?: string[];
        /**
         * How old the reviewed dry run may be when the real run starts, in minutes (default 15).
         * @visibility backend
         */
        maxAgeMinutes?: number;
      };
      /**
       * Approvals (a two-person rule): which real runs wait for approval before they run, from whom. An approval is
       * bound to the dry run the requester reviewed, never comes from the requester, and expires. Under a declared P1
       * incident the operation runs at once and the group reviews it afterwards.
       */
      approvals?: {
        /**
         * The group approvers belong to, where a rule names none (default: the first of gsvOps.policy.platformTeams,
         * else group:default/platform-team).
         * @visibility backend
         */
        group?: string;
        /**
         * Minutes the approvers have from the request (default 60, 5 to 10080).
         * @visibility backend
         */
        expiresAfterMinutes?: number;
        /**
         * In order; the first rule whose runbooks and environments match decides (absent: all). Default: one
         * approval for database-switchover and database-restore anywhere, and for every real run in prod.
         * `approvers: 0` exempts what the rule matches.
         * @visibility backend
         */
        rules?: Array<{
          runbooks?: string[];
          environments?: string[];
          approvers: number;
          group?: string;
        }>;
      };
      /**
       * Seconds the verify steps watch the new pods after a rollout before calling it good (default 10).
       * @visibility backend
       */
      verifySeconds?: number;
      /**
       * Operations `GET /operations` returns when no limit is given (default 20).
       * @visibility backend
       */
      listDefaultLimit?: number;
      /**
       * The most operations `GET /operations` returns (default 200).
       * @visibility backend
       */
      listMaxLimit?: number;
      /** What may run when, and how much one operation may change. */
      policy?: {
        /**
         * Maintenance windows per environment (`dev`, `qa`, `prod`). In an environment with windows, a runbook may
         * only start inside a window that applies to it, or under a declared P1/P2 incident; environments without
         * windows are unrestricted.
         * @visibility backend
         */
        maintenanceWindows?: {
          [environment: string]: Array<{
            /**
             * Shown in messages, e.g. `Security patches`.
             * @visibility backend
             */
            name?: string;
            /**
             * When the window opens: a cron expression (5 fields, or 6 with seconds; `L`, `#` supported),
             * e.g. `0 2 * * 2` for Tuesdays at 02:00.
             * @visibility backend
             */
            cron: string;
            /**
             * How long the window stays open: ISO 8601 (`PT2H`), `2h`, or an object like `{ hours: 2 }`.
             * @visibility backend
             */
            duration:
              | string
              | {
                  days?: number;
                  hours?: number;
                  minutes?: number;
                  seconds?: number;
                };
            /**
             * IANA time zone the cron is read in (default `UTC`), e.g. `Europe/Berlin`.
             * @visibility backend
             */
            timezone?: string;
            /**
             * Only these runbooks may use this window (default: all), e.g. the database runbooks for a database
             * maintenance window.
             * @visibility backend
             */
            runbooks?: string[];
          }>;
        };
        /**
         * Runbooks that may run outside the maintenance windows, e.g. `database-backup`.
         * @visibility backend
         */
        windowExemptRunbooks?: string[];
        /**
         * Periods in which no change may be made.
         * @visibility backend
         */
        changeFreezes?: Array<{
          /**
           * Shown in messages.
           * @visibility backend
           */
          name?: string;
          /**
           * Start, ISO 8601 with an offset, e.g. `2026-12-20T00:00:00+01:00`.
           * @visibility backend
           */
          from: string;
          /**
           * End (exclusive), ISO 8601 with an offset.
           * @visibility backend
           */
          to: string;
          /**
           * Environments it applies to (default: all).
           * @visibility backend
           */
          environments?: string[];
          /**
           * Why; shown in the refusal.
           * @visibility backend
           */
          reason: string;
          /**
           * Whether a declared P1/P2 incident may still go ahead (default true).
           * @visibility backend
           */
          allowIncidentOverride?: boolean;
          /**
           * Runbooks still allowed during the freeze, e.g. `database-backup`.
           * @visibility backend
           */
          exemptRunbooks?: string[];
        }>;
        /**
         * Blast-radius caps for every environment (defaults in the README).
         * @visibility backend
         */
        limits?: {
          /** @visibility backend */
          maxReplicas?: number;
          /** @visibility backend */
          minReplicas?: number;
          /** @visibility backend */
          minDatabaseInstances?: number;
          /** @visibility backend */
          maxDatabaseInstances?: number;
          /** @visibility backend */
          maxRestoreInstances?: number;
          /** @visibility backend */
          maxObjectsDeleted?: number;
          /** @visibility backend */
          minKeepReplicaSets?: number;
          /** @visibility backend */
          maxConsumerRestarts?: number;
          /**
           * A CPU quantity, e.g. `8` or `8000m`.
           * @visibility backend
           */
          maxContainerCpu?: string | number;
          /**
           * A memory quantity, e.g. `32Gi`.
           * @visibility backend
           */
          maxContainerMemory?: string | number;
          /**
           * The smallest CPU request or limit a container may be given, e.g. `10m` (the default).
           * @visibility backend
           */
          minContainerCpu?: string | number;
          /**
           * The smallest memory request or limit a container may be given, e.g. `16Mi` (the default).
           * @visibility backend
           */
          minContainerMemory?: string | number;
          /**
           * The most PgBouncer instances a CloudNativePG Pooler may be given (default 4).
           * @visibility backend
           */
          maxPoolerInstances?: number;
          /**
           * The highest default_pool_size of a Pooler (default 50).
           * @visibility backend
           */
          maxPoolerDefaultPoolSize?: number;
          /**
           * The highest max_client_conn of a Pooler (default 1000).
           * @visibility backend
           */
          maxPoolerClientConnections?: number;
        };
        /**
         * Per-environment overrides of `limits`, e.g. `prod: { maxReplicas: 10 }`.
         * @visibility backend
         */
        environmentLimits?: {
          [environment: string]: {
            /** @visibility backend */
            maxReplicas?: number;
            /** @visibility backend */
            minReplicas?: number;
            /** @visibility backend */
            minDatabaseInstances?: number;
            /** @visibility backend */
            maxDatabaseInstances?: number;
            /** @visibility backend */
            maxRestoreInstances?: number;
            /** @visibility backend */
            maxObjectsDeleted?: number;
            /** @visibility backend */
            minKeepReplicaSets?: number;
            /** @visibility backend */
            maxConsumerRestarts?: number;
            /** @visibility backend */
            maxContainerCpu?: string | number;
            /** @visibility backend */
            maxContainerMemory?: string | number;
            /** @visibility backend */
            minContainerCpu?: string | number;
            /** @visibility backend */
            minContainerMemory?: string | number;
            /** @visibility backend */
            maxPoolerInstances?: number;
            /** @visibility backend */
            maxPoolerDefaultPoolSize?: number;
            /** @visibility backend */
            maxPoolerClientConnections?: number;
          };
        };
      };
    };
  };
}
