import type { EntityOpsView, Finding } from '@gsv/plugin-gsv-ops-common';
import { notifiableConditions } from './conditions';

const f = (level: Finding['level'], code: string): Finding => ({ level, code, reason: code });

function view(parts: { certificates?: unknown[]; databases?: unknown[]; pvcs?: unknown[] }): EntityOpsView {
  return {
    clusters: [{ cluster: { name: 'gsv-dev' }, certificates: [], databases: [], pvcs: [], ...parts }],
  } as unknown as EntityOpsView;
}

describe('notifiableConditions', () => {
  it('takes certificates expiring within the days, expired or failing issuance', () => {
    const conditions = notifiableConditions(
      view({
        certificates: [
          { namespace: 'cmp', name: 'soon', daysToExpiry: 5, findings: [f('critical', 'certificate.expiring')] },
          { namespace: 'cmp', name: 'later', daysToExpiry: 20, findings: [f('warning', 'certificate.expiring')] },
          { namespace: 'cmp', name: 'gone', daysToExpiry: -1, findings: [f('critical', 'certificate.expired')] },
          { namespace: 'cmp', name: 'failing', daysToExpiry: 40, findings: [f('warning', 'certificate.renewal-failing'), f('warning', 'certificate.renewal-overdue')] },
        ],
      }),
      { certificateDays: 7 },
    );
    expect(conditions.map(c => c.key)).toEqual([
      'gsv-dev:certificate:cmp/soon:expiry',
      'gsv-dev:certificate:cmp/gone:expiry',
      'gsv-dev:certificate:cmp/failing:issuance',
    ]);
    expect(conditions[0].finding.cluster).toBe('gsv-dev');
  });

  it('takes failed and late backups, and volumes at the critical threshold only', () => {
    const conditions = notifiableConditions(
      view({
        databases: [{ namespace: 'cmp', name: 'cmp-postgres', findings: [f('warning', 'backup.failed'), f('critical', 'backup.late'), f('warning', 'backup.suspended')] }],
        pvcs: [
          { namespace: 'cmp', name: 'full', findings: [f('critical', 'pvc.usage')] },
          { namespace: 'cmp', name: 'filling', findings: [f('warning', 'pvc.usage')] },
        ],
      }),
      { certificateDays: 7 },
    );
    expect(conditions.map(c => [c.key, c.finding.level])).toEqual([
      ['gsv-dev:database:cmp/cmp-postgres:backup.failed', 'warning'],
      ['gsv-dev:database:cmp/cmp-postgres:backup.late', 'critical'],
      ['gsv-dev:pvc:cmp/full:usage', 'critical'],
    ]);
  });
});
