import { ConfigReader } from '@backstage/config';
import { readDrReadinessConfig } from './readDrReadinessConfig';

const read = (drReadiness?: unknown) => readDrReadinessConfig(new ConfigReader(drReadiness === undefined ? {} : { gsvOps: { drReadiness } }));

describe('readDrReadinessConfig', () => {
  it('has defaults: 5 minutes back, RPO 5 minutes, backups at most 26 hours old, a rehearsal every 90 days', () => {
    expect(read()).toEqual({ restorePointAgeSeconds: 300, rpoTargetSeconds: 300, maxBackupAgeSeconds: 93_600, rehearsalIntervalSeconds: 7_776_000 });
  });

  it('reads durations as Backstage does', () => {
    expect(read({ rpoTarget: '15m', maxBackupAge: { hours: 8 }, rehearsalInterval: 'P30D', restorePointAge: '10 minutes' })).toEqual({
      restorePointAgeSeconds: 600,
      rpoTargetSeconds: 900,
      maxBackupAgeSeconds: 28_800,
      rehearsalIntervalSeconds: 2_592_000,
    });
  });

  it('names the key of a bad value', () => {
    expect(() => read({ rpoTarget: 'soon' })).toThrow(/gsvOps\.drReadiness\.rpoTarget/);
    expect(() => read({ maxBackupAge: { hours: 0 } })).toThrow(/gsvOps\.drReadiness\.maxBackupAge: must be a duration above zero/);
  });
});
