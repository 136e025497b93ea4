import { failedBackupView, healthyView } from '../__fixtures__/entityViews';
import { backupAgeText } from './backups';

describe('backupAgeText', () => {
  it('compares the age of the last good backup with the schedule', () => {
    const healthy = healthyView().clusters[0].databases[0];
    expect(backupAgeText(healthy)).toBe(
      '5 h 59 min ago, on schedule (every 1 d)',
    );
    expect(backupAgeText(failedBackupView().clusters[0].databases[0])).toBe(
      '2 d 6 h ago, 2 scheduled runs missed (every 1 d)',
    );
    expect(backupAgeText({ ...healthy, scheduledBackups: [] })).toBe(
      '5 h 59 min ago',
    );
    expect(
      backupAgeText({ ...healthy, lastSuccessfulBackupAgeSeconds: undefined }),
    ).toBeUndefined();
  });
});
