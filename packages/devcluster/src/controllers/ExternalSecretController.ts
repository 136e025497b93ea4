import { createHash } from 'node:crypto';
import { parseGoDuration, rfc3339 } from '../api/format';
import type { KubeObject, StoredObject } from '../api/types';
import type { ResourceDefinition } from '../resources/types';
import { secretStoreKey } from '../faults/FaultInjector';
import type { SimulationChange } from '../simulation/SimulationState';
import { objectKey, splitKey, type Controller, type ControllerContext } from './ControllerManager';
import { ownerReference, setCondition, writeStatus } from './helpers';

/**
 * External Secrets Operator: an ExternalSecret refreshes when its "resource version"
 * (`<generation>-<hash of labels and annotations>`) differs from `status.syncedResourceVersion` — so changing an
 * annotation such as `force-sync` refreshes it — or when its refresh interval has passed, subject to
 * `refreshPolicy` (CreatedOnce, Periodic with interval 0). A refresh writes the target Secret and advances
 * `refreshTime` (Ready=True/SecretSynced), or fails (Ready=False/SecretSyncedError, warning event) while the
 * secret store is broken. Secret stores report Ready from the same simulated state.
 */
export class ExternalSecretController implements Controller {
  readonly name = 'externalsecret';
  private readonly externalSecrets: ResourceDefinition;
  private readonly secrets: ResourceDefinition;
  /** Refreshes in flight: key → simulated time they complete. */
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly context: ControllerContext) {
    this.externalSecrets = context.registry.get('external-secrets.io/externalsecrets');
    this.secrets = context.registry.get('/secrets');
  }

  watches() {
    return [{ collection: 'external-secrets.io/externalsecrets' }];
  }

  onSimulationChange(change: SimulationChange): string[] {
    if (change.kind !== 'secretStore') return [];
    return this.context.store
      .list('external-secrets.io/externalsecrets')
      .filter(es => storeKeyOf(es) === change.key)
      .map(es => objectKey(es.metadata.namespace, es.metadata.name));
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const es = this.context.store.get('external-secrets.io/externalsecrets', namespace, name);
    if (!es || es.metadata.deletionTimestamp) {
      this.inFlight.delete(key);
      return;
    }
    const now = this.context.clock.now();
    const desiredVersion = resourceVersionOf(es);
    const synced = es.status?.syncedResourceVersion;
    const interval = parseGoDuration(es.spec?.refreshInterval ?? '1h') ?? 3_600_000;
    const policy = es.spec?.refreshPolicy ?? 'Periodic';
    const lastRefresh = Date.parse(es.status?.refreshTime ?? '');
    const everSynced = Boolean(synced);
    const failing = es.status?.conditions?.some((condition: { type: string; status: string }) => condition.type === 'Ready' && condition.status === 'False');
    const refreshesAfterFirstSync = policy !== 'CreatedOnce' && !(policy === 'Periodic' && interval === 0);
    let due: boolean;
    if (!everSynced) due = true;
    else if (!refreshesAfterFirstSync) due = false;
    else if (synced !== desiredVersion) due = true;
    else due = policy === 'Periodic' && !Number.isNaN(lastRefresh) && now >= lastRefresh + interval;
    // After a failure the operator keeps retrying; once the store works again the retry succeeds.
    if (!due && failing && refreshesAfterFirstSync && !this.context.simulation.brokenSecretStores.has(storeKeyOf(es))) due = true;

    if (!due) {
      this.inFlight.delete(key);
      if (policy === 'Periodic' && interval > 0 && !Number.isNaN(lastRefresh)) this.context.requeueAfter(this, key, lastRefresh + interval - now);
      return;
    }
    const finishAt = this.inFlight.get(key);
    if (finishAt === undefined) {
      this.inFlight.set(key, now + this.context.timing.externalSecretRefreshMs);
      this.context.requeueAfter(this, key, this.context.timing.externalSecretRefreshMs);
      return;
    }
    if (now < finishAt) {
      this.context.requeueAfter(this, key, finishAt - now);
      return;
    }
    this.inFlight.delete(key);
    const failure = this.context.simulation.brokenSecretStores.get(storeKeyOf(es));
    if (failure) {
      const message = `could not get secret data from provider`;
      writeStatus(this.context, this.externalSecrets, es, status => {
        status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'SecretSyncedError', message }, now);
      });
      const firstKey = es.spec?.data?.[0]?.remoteRef?.key ?? es.spec?.dataFrom?.[0]?.extract?.key ?? '';
      this.context.events.record(es, 'Warning', 'UpdateFailed', `error retrieving secret at .data[0], key: ${firstKey}, err: ${failure}`, { component: 'external-secrets' });
      this.context.requeueAfter(this, key, 60_000);
      return;
    }
    const created = this.writeTargetSecret(es, now);
    writeStatus(this.context, this.externalSecrets, es, status => {
      status.refreshTime = rfc3339(now);
      status.syncedResourceVersion = desiredVersion;
      status.binding = { name: targetName(es) };
      status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced' }, now);
    });
    this.context.events.record(es, 'Normal', created ? 'Created' : 'Updated', created ? 'Created Secret' : 'Updated Secret', { component: 'external-secrets' });
    if (policy === 'Periodic' && interval > 0) this.context.requeueAfter(this, key, interval);
  }

  private writeTargetSecret(es: StoredObject, now: number): boolean {
    const namespace = es.metadata.namespace ?? '';
    const name = targetName(es);
    const data: Record<string, string> = {};
    for (const entry of (es.spec?.data ?? []) as Array<{ secretKey: string; remoteRef?: { key?: string; property?: string } }>) {
      data[entry.secretKey] = Buffer.from(`${entry.remoteRef?.key ?? ''}#${entry.remoteRef?.property ?? ''}@${now}`).toString('base64');
    }
    const hash = createHash('md5').update(JSON.stringify(data)).digest('hex');
    const existing = this.context.store.get('/secrets', namespace, name);
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        labels: { ...(existing?.metadata.labels ?? {}), 'reconcile.external-secrets.io/managed': 'true' },
        annotations: { ...(existing?.metadata.annotations ?? {}), 'reconcile.external-secrets.io/data-hash': hash },
        ...(existing ? { resourceVersion: existing.metadata.resourceVersion } : {}),
        ...((es.spec?.target?.creationPolicy ?? 'Owner') === 'Owner' ? { ownerReferences: [ownerReference(es)] } : {}),
      },
      type: 'Opaque',
      data,
    };
    if (existing) {
      this.context.api.update(this.secrets, namespace, name, body);
      return false;
    }
    this.context.api.create(this.secrets, namespace, body);
    return true;
  }
}

/** ESO's `GetResourceVersion`: generation plus a hash of labels and annotations. */
export function resourceVersionOf(es: KubeObject): string {
  const metadata = JSON.stringify({ labels: es.metadata.labels ?? {}, annotations: es.metadata.annotations ?? {} });
  return `${es.metadata.generation ?? 1}-${createHash('sha256').update(metadata).digest('hex').slice(0, 32)}`;
}

function targetName(es: KubeObject): string {
  return es.spec?.target?.name ?? es.metadata.name ?? '';
}

function storeKeyOf(es: KubeObject): string {
  const ref = es.spec?.secretStoreRef ?? {};
  return secretStoreKey(ref.name ?? '', (ref.kind ?? 'SecretStore') === 'ClusterSecretStore' ? undefined : es.metadata.namespace);
}

/** Secret store readiness from the simulated state. */
export class SecretStoreController implements Controller {
  readonly name = 'secretstore';

  constructor(private readonly context: ControllerContext) {}

  watches() {
    return [
      { collection: 'external-secrets.io/clustersecretstores', keys: (event: import('../store/ObjectStore').StoreEvent) => [`ClusterSecretStore/${event.object.metadata.name}`] },
      { collection: 'external-secrets.io/secretstores', keys: (event: import('../store/ObjectStore').StoreEvent) => [`SecretStore/${event.object.metadata.namespace}/${event.object.metadata.name}`] },
    ];
  }

  initialKeys(): string[] {
    return [
      ...this.context.store.list('external-secrets.io/clustersecretstores').map(store => `ClusterSecretStore/${store.metadata.name}`),
      ...this.context.store.list('external-secrets.io/secretstores').map(store => `SecretStore/${store.metadata.namespace}/${store.metadata.name}`),
    ];
  }

  onSimulationChange(change: SimulationChange): string[] {
    return change.kind === 'secretStore' ? [change.key] : [];
  }

  reconcile(key: string): void {
    const [kind, first, second] = key.split('/');
    const clusterScoped = kind === 'ClusterSecretStore';
    const collection = clusterScoped ? 'external-secrets.io/clustersecretstores' : 'external-secrets.io/secretstores';
    const store = this.context.store.get(collection, clusterScoped ? '' : first, clusterScoped ? first : second);
    if (!store) return;
    const failure = this.context.simulation.brokenSecretStores.get(key);
    const now = this.context.clock.now();
    writeStatus(this.context, this.context.registry.get(collection), store, status => {
      status.capabilities = 'ReadWrite';
      status.conditions = setCondition(
        status.conditions,
        failure
          ? { type: 'Ready', status: 'False', reason: 'ValidationFailed', message: `unable to validate store: ${failure}` }
          : { type: 'Ready', status: 'True', reason: 'Valid', message: 'store validated' },
        now,
      );
    });
  }
}
