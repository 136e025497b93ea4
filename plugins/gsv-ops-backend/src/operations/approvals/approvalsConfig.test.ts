import { ConfigReader } from '@backstage/config';
import { approvalRequirement, readApprovalsConfig } from './approvalsConfig';

describe('approvals config', () => {
  it('by default needs one platform-team approval for a switchover or a restore anywhere and for anything in prod', () => {
    const config = readApprovalsConfig(new ConfigReader({ gsvOps: { policy: { platformTeams: ['group:default/sre'] } } }));
    expect(approvalRequirement(config, 'database-switchover', 'dev')).toEqual({ required: 1, group: 'group:default/sre' });
    expect(approvalRequirement(config, 'database-restore', 'qa')).toEqual({ required: 1, group: 'group:default/sre' });
    expect(approvalRequirement(config, 'deployment-restart', 'prod')).toEqual({ required: 1, group: 'group:default/sre' });
    expect(approvalRequirement(config, 'deployment-restart', 'dev')).toBeUndefined();
    expect(config.expiresAfterMs).toBe(3_600_000);
  });

  it('takes the first matching rule, so a rule with 0 approvers exempts what follows it', () => {
    const config = readApprovalsConfig(
      new ConfigReader({
        gsvOps: {
          operations: {
            approvals: {
              expiresAfterMinutes: 30,
              group: 'sre',
              rules: [
                { runbooks: ['database-backup'], approvers: 0 },
                { environments: ['prod'], approvers: 2, group: 'group:default/dba' },
              ],
            },
          },
        },
      }),
    );
    expect(approvalRequirement(config, 'database-backup', 'prod')).toBeUndefined();
    expect(approvalRequirement(config, 'database-scale', 'prod')).toEqual({ required: 2, group: 'group:default/dba' });
    expect(approvalRequirement(config, 'database-switchover', 'dev')).toBeUndefined();
    expect(config.expiresAfterMs).toBe(1_800_000);
  });

  it.each([
    [{ rules: [{ runbooks: ['reboot-everything'], approvers: 1 }] }, /rules.0.runbooks.0/],
    [{ rules: [{ approvers: -1 }] }, /rules.0.approvers/],
    [{ group: 'user:default/jane' }, /not a group entity ref/],
    [{ expiresAfterMinutes: 1 }, /expiresAfterMinutes/],
    [{ rules: [{ approvers: 1, who: 'me' }] }, /Unrecognized key/],
  ])('refuses %j with the path of the mistake', (approvals, message) => {
    expect(() => readApprovalsConfig(new ConfigReader({ gsvOps: { operations: { approvals } } }))).toThrow(message);
  });
});
