import {
  clusterErrorView,
  degradedView,
  expiringCertificateView,
  failedBackupView,
  healthyView,
} from '../__fixtures__/entityViews';
import { describeFindings, summarizeCluster } from './summary';

const byId = (view: ReturnType<typeof healthyView>) =>
  Object.fromEntries(summarizeCluster(view.clusters[0]).map(s => [s.id, s]));

describe('summarizeCluster', () => {
  it('summarises a healthy service section by section', () => {
    const sections = byId(healthyView());
    expect(Object.keys(sections)).toEqual([
      'workloads',
      'certificates',
      'backups',
      'gitops',
      'secrets',
      'storage',
    ]);
    expect(sections.workloads).toMatchObject({
      level: 'ok',
      text: '3/3 ready',
    });
    expect(sections.certificates).toMatchObject({
      level: 'ok',
      text: 'next expiry in 45 days',
    });
    expect(sections.backups.level).toBe('ok');
    expect(sections.backups.text).toMatch(/^last backup 5 h 59 min ago$/);
    expect(sections.gitops).toMatchObject({
      level: 'ok',
      text: 'Synced, Healthy',
    });
    expect(sections.secrets).toMatchObject({ level: 'ok', text: '1/1 synced' });
    expect(sections.storage).toMatchObject({
      level: 'ok',
      text: 'fullest 41%',
    });
  });

  it('names what is wrong in a degraded service', () => {
    const sections = byId(degradedView());
    expect(sections.workloads).toMatchObject({
      level: 'critical',
      text: '1/3 ready, rollout stalled',
    });
    expect(sections.gitops).toMatchObject({
      level: 'warning',
      text: 'OutOfSync, Degraded',
    });
    expect(sections.storage).toMatchObject({
      level: 'warning',
      text: 'fullest 86%',
    });
  });

  it('puts the soonest certificate and a failing backup in words', () => {
    expect(byId(expiringCertificateView()).certificates).toMatchObject({
      level: 'critical',
      text: 'next expiry in 4 days',
    });
    expect(byId(failedBackupView()).backups).toMatchObject({
      level: 'critical',
      text: 'last backup 2 d 6 h ago, WAL archiving failing',
    });
  });

  it('counts findings by level', () => {
    expect(describeFindings(degradedView().findings)).toBe(
      '2 critical, 2 warnings',
    );
    expect(describeFindings(clusterErrorView().findings)).toBe('1 unknown');
    expect(describeFindings([])).toBe('no findings');
  });
});
