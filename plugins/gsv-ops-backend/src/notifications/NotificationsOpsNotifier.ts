import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { OpsNotifier } from './OpsNotifier';
import {
  approvalDecidedPayload,
  approvalRequestedPayload,
  entityConditionPayload,
  operationEndedPayload,
  type OpsTabLink,
} from './payloads';

/** Sends GSV Ops' notifications through the notifications backend (`@backstage/plugin-notifications-node`). */
export class NotificationsOpsNotifier implements OpsNotifier {
  constructor(
    private readonly options: {
      notifications: Pick<NotificationService, 'send'>;
      opsTabLink: OpsTabLink;
      logger: LoggerService;
    },
  ) {}

  async operationEnded(operation: Parameters<OpsNotifier['operationEnded']>[0]) {
    if (operation.dryRun) return;
    await this.send([operation.initiatedBy], operationEndedPayload(operation, this.options.opsTabLink));
  }

  async approvalRequested(input: Parameters<OpsNotifier['approvalRequested']>[0]) {
    await this.send(input.approverRefs, approvalRequestedPayload(input.operation, this.options.opsTabLink));
  }

  async approvalDecided(input: Parameters<OpsNotifier['approvalDecided']>[0]) {
    await this.send([input.requester], approvalDecidedPayload(input, this.options.opsTabLink));
  }

  async entityCondition(input: Parameters<OpsNotifier['entityCondition']>[0]) {
    await this.send(input.owners, entityConditionPayload(input.entityRef, input.condition, this.options.opsTabLink));
  }

  /** Only user and group refs: a service principal (`service:…`) has no inbox. */
  private async send(refs: string[], payload: NotificationPayload) {
    const entityRefs = [...new Set(refs.filter(ref => /^(user|group):/i.test(ref)))];
    if (entityRefs.length === 0) return;
    try {
      await this.options.notifications.send({ recipients: { type: 'entity', entityRef: entityRefs }, payload });
    } catch (error) {
      this.options.logger.warn('Could not send a notification', { title: payload.title, error: String(error) });
    }
  }
}
