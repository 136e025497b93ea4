import { ConflictError } from '@backstage/errors';
import type { KubeObject } from '../../services/ClusterRegistry/types';
import { collectionPathOf, RESOURCES } from '../kube/resources';
import { waitFor, WaitFailedError, WaitTimeoutError } from '../kube/waitFor';
import { conditionOf } from './cnpg';
import type { Runbook } from './types';

const MANUALLY_TRIGGERED = 'ManuallyTriggered';

/**
 * cmctl renew (pkg/renew/renew.go): upsert `Issuing=True, reason ManuallyTriggered` into status.conditions (the others
 * kept), with observedGeneration = metadata.generation, and UpdateStatus the whole object (its resourceVersion makes
 * it an optimistic write; a 409 re-reads and retries).
 */
export function withIssuingCondition(certificate: KubeObject, now: number): KubeObject {
  const copy: KubeObject = JSON.parse(JSON.stringify(certificate));
  const conditions: Array<Record<string, unknown>> = copy.status?.conditions ?? [];
  const issuing = {
    type: 'Issuing',
    status: 'True',
    reason: MANUALLY_TRIGGERED,
    message: 'Certificate re-issuance manually triggered',
    lastTransitionTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    observedGeneration: copy.metadata.generation,
  };
  const index = conditions.findIndex(c => c.type === 'Issuing');
  if (index >= 0) {
    // cert-manager's SetCertificateCondition keeps lastTransitionTime when the status does not change.
    if (conditions[index].status === 'True') issuing.lastTransitionTime = conditions[index].lastTransitionTime as string;
    conditions[index] = issuing;
  } else {
    conditions.push(issuing);
  }
  copy.status = { ...(copy.status ?? {}), conditions };
  delete copy.metadata.managedFields;
  return copy;
}

/**
 * Ops guide 10.3/8.2, corrected: never delete the Certificate (cert-manager would not recreate it); trigger
 * re-issuance the way `cmctl renew` does, then wait until the revision increments and the certificate is Ready.
 */
export const certificateRenew: Runbook<'certificate-renew'> = {
  id: 'certificate-renew',
  target: p => ({ kind: 'Certificate', namespace: p.namespace, name: p.certificate, targetKind: 'certificate' }),

  async preflight({ params, kube }) {
    const cert = await kube.get(RESOURCES.certificate, params.namespace, params.certificate);
    const issuing = conditionOf(cert, 'Issuing');
    if (issuing?.status === 'True') {
      throw new ConflictError(
        `Certificate ${params.namespace}/${params.certificate} is already being issued (${issuing.reason}: ${issuing.message ?? ''}); wait for it to finish`,
      );
    }
    const ready = conditionOf(cert, 'Ready');
    return {
      notes: [
        `revision ${cert.status?.revision ?? 0}, Ready=${ready?.status ?? 'Unknown'}${ready?.reason ? ` (${ready.reason})` : ''}, expires ${cert.status?.notAfter ?? 'unknown'}`,
      ],
    };
  },

  async run(ctx) {
    const { namespace, certificate: name, timeoutSeconds } = ctx.params;
    const where = `${namespace}/${name}`;
    const cert = await ctx.step('read', `Reading certificate ${where}`, async step => {
      const c = await ctx.kube.get(RESOURCES.certificate, namespace, name);
      const ready = conditionOf(c, 'Ready');
      step.progress(
        `Certificate ${where}: revision ${c.status?.revision ?? 0}, Ready=${ready?.status ?? 'Unknown'}, not after ${c.status?.notAfter ?? 'unknown'}, issuer ${c.spec?.issuerRef?.kind ?? 'Issuer'}/${c.spec?.issuerRef?.name ?? '?'}`,
      );
      return c;
    });
    const revision: number = cert.status?.revision ?? 0;
    const change = {
      type: RESOURCES.certificate,
      namespace,
      name,
      verb: 'update' as const,
      subresource: 'status' as const,
      body: withIssuingCondition(cert, ctx.now()),
      before: cert,
      what: 'set the Issuing condition (reason ManuallyTriggered) as cmctl renew does',
      rebuild: (fresh: KubeObject) => withIssuingCondition(fresh, ctx.now()),
    };
    await ctx.plan([change]);
    if (ctx.dryRun) {
      return {
        summary: `Dry run: would trigger re-issuance of certificate ${where} (as cmctl renew) and wait for revision ${revision + 1} to be Ready`,
        result: { revision },
      };
    }
    // Compare with the object's own earlier state, never with our clock: the cluster's clock is its own.
    const previousFailure: string | undefined = cert.status?.lastFailureTime;
    await ctx.apply([change]);
    const renewed = await ctx.step('wait', `Waiting for revision ${revision + 1} of ${where} to be Ready`, async step => {
      try {
        return await waitFor({
          client: ctx.cluster.client,
          sources: { certificate: { path: collectionPathOf(RESOURCES.certificate, namespace), fieldSelector: `metadata.name=${name}` } },
          timeoutMs: timeoutSeconds * 1000,
          signal: ctx.signal,
          onProgress: m => step.progress(`Certificate ${where}: ${m}`),
          evaluate: state => {
            const c = state.certificate.get(name);
            if (!c) return { done: false, failed: `certificate ${where} was deleted` };
            const ready = conditionOf(c, 'Ready');
            const issuing = conditionOf(c, 'Issuing');
            const current: number = c.status?.revision ?? 0;
            if (current > revision && ready?.status === 'True' && issuing?.status !== 'True') {
              return { done: true, value: c };
            }
            const failure: string | undefined = c.status?.lastFailureTime;
            if (issuing?.status !== 'True' && failure && failure !== previousFailure) {
              return { done: false, failed: `issuance of ${where} failed: ${issuing?.message ?? issuing?.reason ?? `last failure at ${failure}`}` };
            }
            return {
              done: false,
              progress: issuing?.status === 'True'
                ? `issuing revision ${current + 1} (${issuing.reason})`
                : `revision ${current}, Ready=${ready?.status ?? 'Unknown'}`,
            };
          },
        });
      } catch (e) {
        const issuer = `${cert.spec?.issuerRef?.kind ?? 'Issuer'} ${cert.spec?.issuerRef?.name ?? ''}`.trim();
        const request = `${name}-${revision + 1}`;
        if (e instanceof WaitTimeoutError) {
          throw new WaitFailedError(
            `renewal of certificate ${where} ${e.message}; check the CertificateRequest ${namespace}/${request} and the ${issuer} (cmctl status certificate ${name} -n ${namespace})`,
          );
        }
        if (e instanceof WaitFailedError) {
          throw new WaitFailedError(
            `${e.message}; cert-manager retries with exponential back-off (1 h, 2 h, …). Fix the ${issuer} (or the ACME challenge), then renew again; the existing certificate stays in place`,
          );
        }
        throw e;
      }
    });
    return {
      summary: `Renewed certificate ${where}: revision ${renewed.status?.revision} is Ready, valid until ${renewed.status?.notAfter ?? 'unknown'}`,
      result: {
        revision: renewed.status?.revision,
        notBefore: renewed.status?.notBefore,
        notAfter: renewed.status?.notAfter,
        renewalTime: renewed.status?.renewalTime,
      },
    };
  },
};
