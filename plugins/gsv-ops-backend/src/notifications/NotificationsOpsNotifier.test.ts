import { mockServices } from '@backstage/backend-test-utils';
import type { NotifiedOperation } from './OpsNotifier';
import { NotificationsOpsNotifier } from './NotificationsOpsNotifier';

const operation: NotifiedOperation = {
  id: 'op-1',
  runbook: 'deployment-restart',
  entityRef: 'component:default/agent-registry',
  cluster: 'gsv-prod',
  environment: 'prod',
  target: { kind: 'Deployment', namespace: 'cmp', name: 'agent-registry' },
  initiatedBy: 'user:default/jane',
  status: 'succeeded',
  summary: 'Restarted deployment cmp/agent-registry: 3 of 3 new pods ready.',
  dryRun: false,
};

function setup() {
  const send = jest.fn().mockResolvedValue(undefined);
  const logger = mockServices.logger.mock();
  const notifier = new NotificationsOpsNotifier({
    notifications: { send },
    opsTabLink: ref => `https://backstage.example/ops/${ref}`,
    logger,
  });
  return { send, logger, notifier };
}

describe('NotificationsOpsNotifier', () => {
  it('tells the requester that a real run ended, linking to the Ops tab, one notification per operation', async () => {
    const { send, notifier } = setup();
    await notifier.operationEnded(operation);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: ['user:default/jane'] },
      payload: {
        title: 'Restart deployment on agent-registry (gsv-prod) succeeded',
        description: 'Restarted deployment cmp/agent-registry: 3 of 3 new pods ready.',
        link: 'https://backstage.example/ops/component:default/agent-registry',
        severity: 'normal',
        topic: 'GSV Ops',
        scope: 'gsv-ops:operation:op-1',
      },
    });
  });

  it('makes a failure in production critical, elsewhere high', async () => {
    const { send, notifier } = setup();
    await notifier.operationEnded({ ...operation, status: 'failed', summary: 'Failed: rollout stalled.' });
    await notifier.operationEnded({ ...operation, environment: 'dev', status: 'interrupted' });
    expect(send.mock.calls.map(([o]) => [o.payload.title, o.payload.severity])).toEqual([
      ['Restart deployment on agent-registry (gsv-prod) failed', 'critical'],
      ['Restart deployment on agent-registry (gsv-prod) was interrupted', 'high'],
    ]);
  });

  it('ignores dry runs and service principals, and never throws', async () => {
    const { send, logger, notifier } = setup();
    await notifier.operationEnded({ ...operation, dryRun: true });
    await notifier.operationEnded({ ...operation, initiatedBy: 'service:plugin:scaffolder' });
    expect(send).not.toHaveBeenCalled();
    send.mockRejectedValueOnce(new Error('notifications backend down'));
    await expect(notifier.operationEnded(operation)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith('Could not send a notification', expect.objectContaining({ error: 'Error: notifications backend down' }));
  });

  it('asks the approvers and tells the requester the decision, both on one approval scope', async () => {
    const { send, notifier } = setup();
    await notifier.approvalRequested({ operation, approverRefs: ['group:default/platform-team', 'user:default/bob', 'user:default/bob'] });
    await notifier.approvalDecided({ operation, decision: 'rejected', decidedBy: 'user:default/bob', requester: 'user:default/jane', comment: 'not during the release' });
    expect(send.mock.calls[0][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: ['group:default/platform-team', 'user:default/bob'] },
      payload: {
        title: 'Approval requested: Restart deployment on agent-registry (gsv-prod)',
        description: 'user:default/jane asks to run Restart deployment on Deployment cmp/agent-registry in gsv-prod (prod).',
        severity: 'high',
        scope: 'gsv-ops:approval:op-1',
      },
    });
    expect(send.mock.calls[1][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: ['user:default/jane'] },
      payload: {
        title: 'Rejected: Restart deployment on agent-registry (gsv-prod)',
        description: 'user:default/bob rejected it: not during the release',
        severity: 'high',
        scope: 'gsv-ops:approval:op-1',
      },
    });
  });

  it("tells an entity's owners about a condition with the finding's level as severity, scoped to the condition", async () => {
    const { send, notifier } = setup();
    await notifier.entityCondition({
      entityRef: 'component:default/agent-registry',
      owners: ['group:default/cmp'],
      condition: {
        key: 'gsv-prod:certificate:cmp/agent-registry-tls:expiry',
        cluster: 'gsv-prod',
        finding: { level: 'critical', code: 'certificate.expiring', reason: 'Certificate cmp/agent-registry-tls expires in 5 days (2024-12-09T10:00:00Z)' },
      },
    });
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: ['group:default/cmp'] },
      payload: expect.objectContaining({
        title: 'agent-registry (gsv-prod): Certificate cmp/agent-registry-tls expires in 5 days (2024-12-09T10:00:00Z)',
        severity: 'critical',
        link: 'https://backstage.example/ops/component:default/agent-registry',
        scope: 'gsv-ops:condition:component:default/agent-registry:gsv-prod:certificate:cmp/agent-registry-tls:expiry',
      }),
    });
  });
});
