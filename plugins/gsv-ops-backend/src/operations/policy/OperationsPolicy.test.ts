import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { readOperationsConfig } from '../config/readOperationsConfig';
import { OperationsPolicy } from './OperationsPolicy';

/** The ops guide §7.1 table, as the README documents it for prod. */
const opsGuideWindows = [
  { name: 'Security patches', cron: '0 2 * * 2', duration: { hours: 2 }, timezone: 'Europe/Berlin' },
  { name: 'Minor updates', cron: '0 2 * * 3', duration: 'PT2H', timezone: 'Europe/Berlin' },
  { name: 'Major upgrades', cron: '0 2 * 1,4,7,10 6#1', duration: { hours: 4 }, timezone: 'Europe/Berlin' },
  {
    name: 'Database maintenance',
    cron: '0 3 * * 0#1',
    duration: { hours: 2 },
    timezone: 'Europe/Berlin',
    runbooks: ['database-backup', 'database-switchover', 'database-restore', 'database-scale'],
  },
];

function policyFor(policy: Record<string, unknown>) {
  return new OperationsPolicy(
    readOperationsConfig(new ConfigReader({ gsvOps: { operations: { policy } } } as any)).policy,
  );
}

// 2026-12-01 is a Tuesday; Berlin is UTC+1 in December.
const TUE_0230_BERLIN = Date.parse('2026-12-01T01:30:00Z');
const TUE_0400_BERLIN = Date.parse('2026-12-01T03:00:00Z');
const THU_1000_BERLIN = Date.parse('2026-12-03T09:00:00Z');
const SUN_0330_BERLIN_FIRST = Date.parse('2026-12-06T02:30:00Z');

describe('OperationsPolicy', () => {
  const policy = policyFor({
    maintenanceWindows: { prod: opsGuideWindows },
    windowExemptRunbooks: ['database-backup'],
  });

  it('allows prod inside a window and says until when', () => {
    const decision = policy.evaluate({ runbook: 'deployment-restart', environment: 'prod', now: TUE_0230_BERLIN });
    expect(decision.overrideUsed).toBe(false);
    expect(decision.window).toEqual({
      name: 'Security patches',
      start: '2026-12-01T01:00:00.000Z',
      end: '2026-12-01T03:00:00.000Z',
    });
    expect(decision.message).toBe(
      "Inside the maintenance window 'Security patches' of prod (until Tue 1 Dec 04:00 Europe/Berlin)",
    );
  });

  it('refuses prod outside its windows with the next window and how to override', () => {
    expect(() => policy.evaluate({ runbook: 'deployment-restart', environment: 'prod', now: TUE_0400_BERLIN })).toThrow(
      new NotAllowedError(
        "prod is outside its maintenance window (next: Wed 2 Dec 02:00 Europe/Berlin, 'Minor updates'); declare a P1/P2 incident to override",
      ),
    );
  });

  it('window end is exclusive and start inclusive', () => {
    const start = Date.parse('2026-12-01T01:00:00Z');
    const end = Date.parse('2026-12-01T03:00:00Z');
    expect(policy.evaluate({ runbook: 'deployment-scale', environment: 'prod', now: start }).window?.name).toBe(
      'Security patches',
    );
    expect(() => policy.evaluate({ runbook: 'deployment-scale', environment: 'prod', now: end })).toThrow(NotAllowedError);
    expect(() => policy.evaluate({ runbook: 'deployment-scale', environment: 'prod', now: start - 1 })).toThrow(
      NotAllowedError,
    );
  });

  it('lets a P1/P2 incident override the window, and records it', () => {
    const decision = policy.evaluate({
      runbook: 'deployment-restart',
      environment: 'prod',
      now: THU_1000_BERLIN,
      incident: { id: 'INC-1234', severity: 'P1' },
    });
    expect(decision.overrideUsed).toBe(true);
    expect(decision.message).toContain('overridden by incident INC-1234 (P1)');
  });

  it('restricts a window to its runbooks', () => {
    // The first Sunday of December at 03:30 is the database window: a database switchover may run, a restart may not.
    expect(
      policy.evaluate({ runbook: 'database-switchover', environment: 'prod', now: SUN_0330_BERLIN_FIRST }).window?.name,
    ).toBe('Database maintenance');
    expect(() => policy.evaluate({ runbook: 'deployment-restart', environment: 'prod', now: SUN_0330_BERLIN_FIRST })).toThrow(
      /outside its maintenance window \(next: Tue 8 Dec 02:00 Europe\/Berlin, 'Security patches'\)/,
    );
  });

  it('exempts configured runbooks from windows', () => {
    const decision = policy.evaluate({ runbook: 'database-backup', environment: 'prod', now: THU_1000_BERLIN });
    expect(decision.message).toBe('Database-backup may run outside the maintenance windows of prod');
  });

  it('leaves environments without windows unrestricted', () => {
    expect(policy.evaluate({ runbook: 'workload-cleanup', environment: 'dev', now: THU_1000_BERLIN }).message).toBe(
      'Dev has no maintenance windows: changes are allowed at any time',
    );
  });

  it('handles the change to summer time: a 02:30 window on the day 02:30 does not exist opens at 03:30 CEST', () => {
    const sundays = policyFor({
      maintenanceWindows: { prod: [{ name: 'Sunday', cron: '30 2 * * 0', duration: { hours: 1 }, timezone: 'Europe/Berlin' }] },
    });
    // 2027-03-28: clocks jump from 02:00 CET to 03:00 CEST.
    expect(() =>
      sundays.evaluate({ runbook: 'deployment-restart', environment: 'prod', now: Date.parse('2027-03-28T00:30:00Z') }),
    ).toThrow("prod is outside its maintenance window (next: Sun 28 Mar 03:30 Europe/Berlin, 'Sunday')");
    expect(
      sundays.evaluate({ runbook: 'deployment-restart', environment: 'prod', now: Date.parse('2027-03-28T01:45:00Z') }).message,
    ).toBe("Inside the maintenance window 'Sunday' of prod (until Sun 28 Mar 04:30 Europe/Berlin)");
  });

  describe('change freezes', () => {
    const frozen = policyFor({
      maintenanceWindows: { prod: opsGuideWindows },
      changeFreezes: [
        {
          name: 'Year-end',
          from: '2026-12-20T00:00:00+01:00',
          to: '2027-01-04T00:00:00+01:00',
          environments: ['prod'],
          reason: 'Year-end trading',
          exemptRunbooks: ['database-backup'],
        },
        {
          name: 'Migration',
          from: '2026-11-30T00:00:00Z',
          to: '2026-12-02T00:00:00Z',
          reason: 'Datacenter move',
          allowIncidentOverride: false,
        },
      ],
    });
    const inYearEnd = Date.parse('2026-12-22T01:30:00Z'); // a Tuesday, inside the Security patches window

    it('refuses even inside a window, and says how long and why', () => {
      expect(() => frozen.evaluate({ runbook: 'deployment-restart', environment: 'prod', now: inYearEnd })).toThrow(
        "prod is in the change freeze 'Year-end' until 2027-01-03T23:00:00.000Z (Year-end trading); declare a P1/P2 incident to override",
      );
    });

    it('does not apply to other environments, and exempts listed runbooks', () => {
      expect(() => frozen.evaluate({ runbook: 'deployment-restart', environment: 'dev', now: inYearEnd })).not.toThrow();
      expect(() => frozen.evaluate({ runbook: 'database-backup', environment: 'prod', now: inYearEnd })).not.toThrow();
    });

    it('does not hold back a read-only run: no window, no freeze', () => {
      const report = { runbook: 'database-maintenance' as const, environment: 'prod', now: Date.parse('2026-12-01T10:00:00Z') };
      expect(() => frozen.evaluate(report)).toThrow("this freeze allows no override");
      const decision = frozen.evaluate({ ...report, readOnly: true });
      expect(decision.overrideUsed).toBe(false);
      expect(decision.window).toBeUndefined();
      expect(decision.message).toBe('Read-only: database-maintenance changes nothing, so maintenance windows and change freezes do not apply');
    });

    it('lets an incident through unless the freeze forbids it', () => {
      expect(
        frozen.evaluate({
          runbook: 'deployment-restart',
          environment: 'prod',
          now: inYearEnd,
          incident: { id: 'INC-9', severity: 'P2' },
        }).overrideUsed,
      ).toBe(true);
      expect(() =>
        frozen.evaluate({
          runbook: 'deployment-restart',
          environment: 'dev',
          now: Date.parse('2026-12-01T12:00:00Z'),
          incident: { id: 'INC-9', severity: 'P1' },
        }),
      ).toThrow("dev is in the change freeze 'Migration' until 2026-12-02T00:00:00.000Z (Datacenter move); this freeze allows no override, not even for incidents");
    });
  });

  it('merges per-environment limits over the global ones', () => {
    const limited = policyFor({ limits: { maxReplicas: 10, maxContainerMemory: '8Gi' }, environmentLimits: { prod: { maxReplicas: 6 } } });
    expect(limited.limits('prod')).toMatchObject({ maxReplicas: 6, maxContainerMemoryBytes: 8 * 1024 ** 3 });
    expect(limited.limits('dev')).toMatchObject({ maxReplicas: 10, maxObjectsDeleted: 50 });
  });
});

describe('readOperationsConfig', () => {
  const read = (operations: unknown) => readOperationsConfig(new ConfigReader({ gsvOps: { operations } } as any));

  it('has safe defaults', () => {
    const config = readOperationsConfig(new ConfigReader({}));
    expect(config).toMatchObject({ leaseMs: 60_000, janitorIntervalMs: 30_000, listDefaultLimit: 20 });
    expect(config.policy.maintenanceWindows).toEqual({});
    expect(config.policy.limits.maxReplicas).toBe(20);
    expect(config.retention).toEqual({ operationsMs: 400 * 86_400_000, dryRunsMs: 30 * 86_400_000 });
  });

  it('reads the audit-log retention and rejects a retention that would empty the log', () => {
    expect(read({ retention: { operationsDays: 2555, dryRunsDays: 7 } }).retention).toEqual({
      operationsMs: 2555 * 86_400_000,
      dryRunsMs: 7 * 86_400_000,
    });
    expect(() => read({ retention: { operationsDays: 0 } })).toThrow(
      'Invalid configuration at gsvOps.operations.retention.operationsDays: must be a whole number of days between 1 and 36500',
    );
    expect(() => read({ retention: { dryRunsDays: 0.5 } })).toThrow(/retention.dryRunsDays/);
  });

  it('rejects what would silently weaken the policy', () => {
    expect(() => read({ policy: { maintenanceWindows: { prod: [{ cron: 'nope', duration: 'PT1H' }] } } })).toThrow(
      /gsvOps.operations.policy.maintenanceWindows.prod\[0\].cron/,
    );
    expect(() =>
      read({ policy: { maintenanceWindows: { prod: [{ cron: '0 2 * * 2', duration: 'PT1H', timezone: 'Mars/Olympus' }] } } }),
    ).toThrow("'Mars/Olympus' is not an IANA time zone");
    expect(() => read({ policy: { maintenanceWindows: { prod: [{ cron: '0 2 * * 2', duration: 'PT0S' }] } } })).toThrow(
      /duration: must be more than 0/,
    );
    expect(() =>
      read({ policy: { maintenanceWindows: { prod: [{ cron: '0 2 * * 2', duration: 'PT1H', runbooks: ['reboot-everything'] }] } } }),
    ).toThrow(/runbooks.0: must be one of/);
    expect(() =>
      read({ policy: { changeFreezes: [{ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z', reason: 'x' }] } }),
    ).toThrow(/changeFreezes\[0\].to: must be after from/);
    expect(() => read({ policy: { limits: { maxReplicas: 2, minReplicas: 3 } } })).toThrow(/minReplicas > maxReplicas/);
    expect(() => read({ policy: { limits: { maxReplcas: 2 } } })).toThrow(/Unrecognized key/);
  });
});
