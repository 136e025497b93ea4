import type { KubeObject } from '../../services/ClusterRegistry/types';
import { RESOURCES } from '../kube/resources';
import type { KubeReader } from './types';

/**
 * Why a deployment does not have the replicas a runbook waited for when the pods are not to blame: an autoscaler
 * rescaled it, Argo CD put Git's version back, or a ResourceQuota refused its pods. Read-only. Every step that waits
 * for replicas asks it before failing, so the failure names what intervened instead of "check the pods' events".
 */

const ARGOCD_NAMESPACE = 'argocd';
const TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';

type KubeEvent = KubeObject & {
  reason?: string;
  message?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { lastObservedTime?: string };
  involvedObject?: { name?: string };
};

type ManagedFieldsEntry = { manager?: string; time?: string };

export interface ReplicaShortfallQuestion {
  namespace: string;
  /** The deployment. */
  name: string;
  /** The replica count the runbook asked for, when it asked for one. */
  requested?: number;
  /** Cluster time the runbook changed the deployment: only what happened since then counts. */
  since: number;
}

/** The causes found, in words, or undefined when none of them explains the shortfall. */
export async function explainReplicaShortfall(kube: KubeReader, question: ReplicaShortfallQuestion): Promise<string | undefined> {
  const findings = await Promise.all([autoscalerCause(kube, question), gitOpsCause(kube, question), quotaCause(kube, question)]);
  const causes = findings.filter((f): f is string => Boolean(f));
  return causes.length ? causes.join('; ') : undefined;
}

/** "failed message; cause" when a cause was found, else the message with the generic advice. */
export async function withShortfallCause(
  kube: KubeReader,
  question: ReplicaShortfallQuestion,
  failure: string,
  advice = "check the pods' events",
): Promise<string> {
  const cause = await explainReplicaShortfall(kube, question).catch(() => undefined);
  return cause ? `${failure}: ${cause}` : `${failure}; ${advice}`;
}

function eventTime(event: KubeEvent): number {
  const at = event.lastTimestamp ?? event.eventTime ?? event.series?.lastObservedTime ?? event.metadata.creationTimestamp;
  return Date.parse(at ?? '') || 0;
}

async function eventsOf(kube: KubeReader, namespace: string, kind: string, name: string, since: number): Promise<KubeEvent[]> {
  const events: KubeEvent[] = await kube.list(RESOURCES.event, namespace, {
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  return events.filter(e => eventTime(e) >= since - 1000).sort((a, b) => eventTime(a) - eventTime(b));
}

/** The HPAs whose scale target is this deployment. */
export async function autoscalersOf(kube: KubeReader, namespace: string, deployment: string): Promise<KubeObject[]> {
  const hpas = await kube.list(RESOURCES.hpa, namespace);
  return hpas.filter(h => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec?.scaleTargetRef?.name === deployment);
}

export function describeAutoscaler(hpa: KubeObject): string {
  return `HPA ${hpa.metadata.namespace}/${hpa.metadata.name} (min ${hpa.spec?.minReplicas ?? 1}, max ${hpa.spec?.maxReplicas})`;
}

async function autoscalerCause(kube: KubeReader, q: ReplicaShortfallQuestion): Promise<string | undefined> {
  for (const hpa of await autoscalersOf(kube, q.namespace, q.name)) {
    const rescales = (await eventsOf(kube, q.namespace, 'HorizontalPodAutoscaler', hpa.metadata.name, q.since)).filter(
      e => e.reason === 'SuccessfulRescale',
    );
    const advice = 'change its bounds with the Scale autoscaler runbook';
    if (rescales.length) {
      return `${describeAutoscaler(hpa)} rescaled the deployment (${rescales.slice(-3).map(e => e.message).join(', then ')}); ${advice}`;
    }
    const desired = hpa.status?.desiredReplicas;
    if (q.requested !== undefined && desired !== undefined && desired !== q.requested) {
      return `${describeAutoscaler(hpa)} wants ${desired} replicas, not ${q.requested}; ${advice}`;
    }
  }
  return undefined;
}

async function gitOpsCause(kube: KubeReader, q: ReplicaShortfallQuestion): Promise<string | undefined> {
  const deployment = await kube.tryGet(RESOURCES.deployment, q.namespace, q.name);
  if (!deployment) return undefined;
  const write = ((deployment.metadata.managedFields ?? []) as ManagedFieldsEntry[])
    .filter(f => /argocd/i.test(f.manager ?? '') && (Date.parse(f.time ?? '') || 0) >= q.since - 1000)
    .at(-1);
  if (!write) return undefined;
  const application = await applicationOf(kube, deployment);
  const who = application ? `Argo CD application ${application}` : `Argo CD (${write.manager})`;
  return `${who} synced the deployment back to Git at ${write.time}; make the change in Git, or it will be reverted again`;
}

/** The Application that manages the object: its tracking id, else the one deploying to its namespace. */
async function applicationOf(kube: KubeReader, object: KubeObject): Promise<string | undefined> {
  const tracking = object.metadata.annotations?.[TRACKING_ID_ANNOTATION];
  if (tracking) {
    const app = tracking.split(':')[0];
    return app.includes('_') ? app.replace('_', '/') : `${ARGOCD_NAMESPACE}/${app}`;
  }
  const apps = await kube.list(RESOURCES.application, ARGOCD_NAMESPACE).catch(() => []);
  const match = apps.find(a => a.spec?.destination?.namespace === object.metadata.namespace);
  return match ? `${ARGOCD_NAMESPACE}/${match.metadata.name}` : undefined;
}

async function quotaCause(kube: KubeReader, q: ReplicaShortfallQuestion): Promise<string | undefined> {
  const events: KubeEvent[] = await kube.list(RESOURCES.event, q.namespace, {
    fieldSelector: 'involvedObject.kind=ReplicaSet,reason=FailedCreate',
  });
  const refused = events
    .filter(e => eventTime(e) >= q.since - 1000 && (e.involvedObject?.name ?? '').startsWith(`${q.name}-`))
    .filter(e => /exceeded quota/.test(e.message ?? ''))
    .sort((a, b) => eventTime(a) - eventTime(b))
    .at(-1);
  if (!refused) return undefined;
  return `a ResourceQuota refused new pods (${refused.involvedObject?.name}: ${refused.message}); free quota or ask the platform team to raise it`;
}
