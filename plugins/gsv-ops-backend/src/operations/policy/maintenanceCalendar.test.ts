import { ConfigReader } from '@backstage/config';
import { readOperationsConfig } from '../config/readOperationsConfig';
import { maintenanceCalendar } from './maintenanceCalendar';
import { OperationsPolicy } from './OperationsPolicy';

const config = readOperationsConfig(
  new ConfigReader({
    gsvOps: {
      operations: {
        policy: {
          maintenanceWindows: {
            prod: [
              { name: 'Thursday', cron: '0 10 * * 4', duration: { hours: 1 }, timezone: 'Europe/Berlin' },
              { name: 'Databases', cron: '0 3 * * 0', duration: { hours: 2 }, timezone: 'UTC', runbooks: ['database-backup'] },
            ],
          },
          windowExemptRunbooks: ['certificate-renew'],
          changeFreezes: [
            { name: 'Year end', from: '2026-12-20T00:00:00Z', to: '2027-01-04T00:00:00Z', environments: ['prod'], reason: 'holidays', exemptRunbooks: ['database-backup'] },
            { name: 'Past', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: 'over' },
          ],
        },
      },
    },
  }),
);

function calendar(environment: string, at: string) {
  return maintenanceCalendar({
    environment,
    now: Date.parse(at),
    config: config.policy,
    policy: new OperationsPolicy(config.policy),
    approvals: config.approvals,
  });
}

describe('maintenanceCalendar', () => {
  it('shows the open window, the next occurrences in order and what may run now', () => {
    const now = calendar('prod', '2026-12-10T09:30:00Z'); // Thursday 10:30 in Berlin
    expect(now.restricted).toBe(true);
    expect(now.openNow).toEqual({ name: 'Thursday', start: '2026-12-10T09:00:00.000Z', end: '2026-12-10T10:00:00.000Z' });
    expect(now.windows[0]).toMatchObject({
      name: 'Thursday',
      durationMinutes: 60,
      next: [
        { start: '2026-12-17T09:00:00.000Z', end: '2026-12-17T10:00:00.000Z' },
        { start: '2026-12-24T09:00:00.000Z', end: '2026-12-24T10:00:00.000Z' },
        { start: '2026-12-31T09:00:00.000Z', end: '2026-12-31T10:00:00.000Z' },
      ],
    });
    expect(now.windows[1]).toMatchObject({ name: 'Databases', runbooks: ['database-backup'] });
    const restart = now.runbooks.find(r => r.runbook === 'deployment-restart')!;
    expect(restart).toMatchObject({ allowedNow: true, approval: { required: 1, group: 'group:default/platform-team' } });
    expect(restart.reason).toMatch(/^Inside the maintenance window 'Thursday' of prod/);
    // the database window on Sunday is for backups only: a restart then waits for Thursday
    const sunday = calendar('prod', '2026-12-13T03:30:00Z');
    expect(sunday.openNow).toMatchObject({ name: 'Databases' });
    expect(sunday.runbooks.find(r => r.runbook === 'database-backup')!.allowedNow).toBe(true);
    expect(sunday.runbooks.find(r => r.runbook === 'deployment-restart')).toMatchObject({
      allowedNow: false,
      reason: expect.stringMatching(/outside its maintenance window \(next: Thu 17 Dec 10:00 Europe\/Berlin, 'Thursday'\)/),
    });
    expect(now.freezes).toEqual([expect.objectContaining({ name: 'Year end', active: false, reason: 'holidays' })]);
  });

  it('says why not in a freeze, and that an environment without windows is open', () => {
    const frozen = calendar('prod', '2026-12-24T09:30:00Z');
    expect(frozen.freezes[0].active).toBe(true);
    expect(frozen.runbooks.find(r => r.runbook === 'deployment-restart')).toMatchObject({
      allowedNow: false,
      reason: expect.stringMatching(/change freeze 'Year end' until 2027-01-04/),
    });
    expect(frozen.runbooks.find(r => r.runbook === 'certificate-renew')!.allowedNow).toBe(false);
    const dev = calendar('dev', '2026-12-24T09:30:00Z');
    expect(dev).toMatchObject({ restricted: false, windows: [], freezes: [] });
    expect(dev.runbooks.every(r => r.allowedNow)).toBe(true);
    expect(dev.runbooks.find(r => r.runbook === 'database-switchover')!.approval).toEqual({ required: 1, group: 'group:default/platform-team' });
  });
});
