import { rfc3339 } from '../../api/format';
import { seededRandom } from '../../api/names';
import type { ResourceDefinition } from '../../resources/types';
import { issuerKey } from '../../faults/FaultInjector';
import { splitKey, type Controller, type ControllerContext } from '../ControllerManager';
import { setCondition, writeStatus } from '../helpers';
import { base64, fakePem } from './fakePem';

/**
 * CertificateRequest approval and signing: approved at once by cert-manager, then after the issuance delay either
 * Issued (Ready=True, certificate and CA filled in) or, when the issuer is broken, Failed (Ready=False, reason
 * Failed, failureTime) with the order error cert-manager reports for an invalid ACME order.
 */
export class CertificateRequestController implements Controller {
  readonly name = 'certificaterequest';
  private readonly requests: ResourceDefinition;

  constructor(private readonly context: ControllerContext) {
    this.requests = context.registry.get('cert-manager.io/certificaterequests');
  }

  watches() {
    return [{ collection: 'cert-manager.io/certificaterequests' }];
  }

  reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const request = this.context.store.get('cert-manager.io/certificaterequests', namespace, name);
    if (!request || request.metadata.deletionTimestamp) return;
    const conditions = request.status?.conditions ?? [];
    const ready = conditions.find((condition: { type: string }) => condition.type === 'Ready');
    if (ready && ready.reason !== 'Pending') return;
    const now = this.context.clock.now();
    if (!ready) {
      writeStatus(this.context, this.requests, request, status => {
        status.conditions = setCondition(status.conditions, {
          type: 'Approved',
          status: 'True',
          reason: 'cert-manager.io',
          message: 'Certificate request has been approved by cert-manager.io',
        }, now);
        status.conditions = setCondition(status.conditions, {
          type: 'Ready',
          status: 'False',
          reason: 'Pending',
          message: `Waiting on certificate issuance from order ${namespace}/${orderName(name)}: "pending"`,
        }, now);
      });
      this.context.requeueAfter(this, key, this.context.timing.certificateIssueMs);
      return;
    }
    const createdAt = Date.parse(request.metadata.creationTimestamp);
    const due = createdAt + this.context.timing.certificateIssueMs;
    if (now < due) {
      this.context.requeueAfter(this, key, due - now);
      return;
    }
    const issuerRef = request.spec?.issuerRef ?? {};
    const issuer = issuerKey(issuerRef.name, (issuerRef.kind ?? 'Issuer') === 'ClusterIssuer' ? undefined : namespace);
    const failure = this.context.simulation.brokenIssuers.get(issuer);
    if (failure) {
      const message = `Failed to wait for order resource "${orderName(name)}" to become ready: order is in "invalid" state: ${failure}`;
      writeStatus(this.context, this.requests, request, status => {
        status.conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'Failed', message }, now);
        status.failureTime = rfc3339(now);
      });
      this.context.events.record(request, 'Warning', 'OrderFailed', message, { component: 'cert-manager-certificaterequests-issuer-acme' });
      return;
    }
    writeStatus(this.context, this.requests, request, status => {
      status.conditions = setCondition(status.conditions, {
        type: 'Ready',
        status: 'True',
        reason: 'Issued',
        message: 'Certificate fetched from issuer successfully',
      }, now);
      status.certificate = base64(fakePem('CERTIFICATE', `${request.metadata.uid}/leaf`));
      status.ca = base64(fakePem('CERTIFICATE', `${issuer}/ca`));
    });
    this.context.events.record(request, 'Normal', 'CertificateIssued', 'Certificate fetched from issuer successfully', {
      component: 'cert-manager-certificaterequests-issuer-acme',
    });
  }
}

function orderName(requestName: string): string {
  return `${requestName}-${Math.floor(seededRandom(requestName) * 4_294_967_295)}`;
}
