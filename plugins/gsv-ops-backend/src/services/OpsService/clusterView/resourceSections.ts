import type { ApplicationView, CertificateView, DatabaseView, EventView, ExternalSecretView, PvcView } from '@gsv/plugin-gsv-ops-common';
import type { KubeObject } from '../../ClusterRegistry/types';
import type { ClusterCache } from '../../WatchCache/ClusterCache';
import { INDEX } from '../../WatchCache/indexers';
import { applicationView } from '../../../domain/applications';
import { applicationPromotion } from '../../../promotion/applicationPromotion';
import { certificateView } from '../../../domain/certificates';
import { databaseView, type DatabaseInput } from '../../../domain/databases';
import { poolerView } from '../../../domain/poolers';
import { recentEvents } from '../../../domain/events';
import { externalSecretView, Workload } from '../../../domain/externalSecrets';
import { pvcView } from '../../../domain/pvcs';
import type { ViewCollector } from './ViewCollector';
import { WORKLOAD_KINDS } from './workloadSections';

/** Certificates: named by annotation, or selected. */
export function certificatesSection(c: ViewCollector): CertificateView[] {
  return c.annotatedAndSelected('certificates', c.targets.certificates).map(cert => {
    c.event('Certificate', cert.metadata.namespace, cert.metadata.name);
    return certificateView(cert, { ...c.ctx, requests: c.cache.list('certificaterequests', cert.metadata.namespace) });
  });
}

/** Databases (CloudNativePG clusters) with their backups, instances and volumes: named by annotation, or selected. */
export function databasesSection(c: ViewCollector): DatabaseView[] {
  const { cache } = c;
  return c.annotatedAndSelected('cnpgclusters', c.targets.databases).map(db => {
    const key = `${db.metadata.namespace}/${db.metadata.name}`;
    const objects = databaseObjects(cache, db);
    c.notePods(objects.pods.filter(p => !c.isShown(p)));
    for (const pvc of cache.byIndex('persistentvolumeclaims', INDEX.cnpgCluster, key)) {
      c.claimKeys.add(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
    }
    c.event('Cluster', db.metadata.namespace, db.metadata.name);
    for (const b of objects.backups) c.event('Backup', b.metadata.namespace, b.metadata.name);
    for (const p of objects.poolers) c.event('Pooler', p.metadata.namespace, p.metadata.name);
    return databaseViewOf(db, objects, cache, c.ctx);
  });
}

/** What the watch cache holds of a CloudNativePG cluster: its backups, schedules, object stores, pods and Poolers. */
export function databaseObjects(cache: ClusterCache, db: KubeObject) {
  const key = `${db.metadata.namespace}/${db.metadata.name}`;
  return {
    backups: cache.byIndex('backups', INDEX.cnpgCluster, key),
    scheduledBackups: cache.byIndex('scheduledbackups', INDEX.cnpgCluster, key),
    objectStores: cache.list('objectstores', db.metadata.namespace),
    pods: cache.byIndex('pods', INDEX.cnpgCluster, key),
    poolers: cache.byIndex('poolers', INDEX.cnpgCluster, key),
  };
}

/** A database's view, with the Poolers in front of it (their PgBouncer Deployment gives the ready pods), if any. */
export function databaseViewOf(
  db: KubeObject,
  { poolers, ...objects }: ReturnType<typeof databaseObjects>,
  cache: ClusterCache,
  ctx: Pick<DatabaseInput, 'now' | 'thresholds'>,
): DatabaseView {
  const view = databaseView({ cluster: db, ...objects, now: ctx.now, thresholds: ctx.thresholds });
  const views = poolers.map(p => poolerView(p, cache.get('deployments', p.metadata.namespace, p.metadata.name)));
  return views.length ? { ...view, poolers: views } : view;
}

/** Argo CD applications: named by annotation, or selected. */
export function applicationsSection(c: ViewCollector): ApplicationView[] {
  return c.annotatedAndSelected('applications', c.targets.applications).map(app => {
    c.event('Application', app.metadata.namespace, app.metadata.name);
    const view = applicationView(app);
    const promotion = applicationPromotion(c.ctx.promotionEnvironments ?? [], c.cache.name, view.path);
    return promotion ? { ...view, promotion } : view;
  });
}

/** ExternalSecrets: named by annotation, or selected; their consumers among all workloads of the namespace. */
export function externalSecretsSection(c: ViewCollector): ExternalSecretView[] {
  return c.annotatedAndSelected('externalsecrets', c.targets.externalSecrets).map(es => {
    c.event('ExternalSecret', es.metadata.namespace, es.metadata.name);
    const workloads: Workload[] = WORKLOAD_KINDS.flatMap(([kind, label]) =>
      c.cache.list(kind, es.metadata.namespace).map(object => ({ kind: label, object })),
    );
    return externalSecretView(es, { now: c.ctx.now, thresholds: c.ctx.thresholds, workloads });
  });
}

/** PVCs: selected, mounted by the entity's pods, or the databases'. */
export function pvcsSection(c: ViewCollector): PvcView[] {
  const { cache, thresholds, usage } = c.ctx;
  for (const pvc of c.selected('persistentvolumeclaims')) c.claimKeys.add(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
  return [...c.claimKeys]
    .sort()
    .map(key => {
      const [namespace, name] = key.split('/');
      const pvc = cache.get('persistentvolumeclaims', namespace, name);
      if (!pvc) return undefined;
      c.event('PersistentVolumeClaim', namespace, name);
      return pvcView(pvc, {
        thresholds,
        usage: usage?.volume(cache.name, namespace, name),
        usedByPods: cache.byIndex('pods', INDEX.claim, key).map(p => p.metadata.name),
      });
    })
    .filter((p): p is PvcView => Boolean(p));
}

/** The events of everything the other sections show (run it last). */
export function eventsSection(c: ViewCollector): EventView[] {
  const objects = new Map<string, KubeObject>();
  for (const key of new Set(c.eventKeys)) {
    for (const e of c.cache.byIndex('events', INDEX.involvedObject, key)) objects.set(`${e.metadata.namespace}/${e.metadata.name}`, e);
  }
  const { events } = c.ctx.thresholds;
  return recentEvents(objects.values(), { now: c.ctx.now, maxAgeMinutes: events.maxAgeMinutes, limit: events.limit });
}
