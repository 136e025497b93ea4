import type { EntityOpsView, Finding } from '@gsv/plugin-gsv-ops-common';
import type { EntityCondition } from './OpsNotifier';

const CERTIFICATE_ISSUANCE = new Set(['certificate.not-ready', 'certificate.request-denied', 'certificate.renewal-failing']);
const BACKUP = new Set(['backup.failed', 'backup.late']);

/**
 * The conditions of an entity's Ops view its owners are told about, from the findings the view already computed:
 * a certificate expired or expiring within `certificateDays`, or failing issuance; the latest backup failed or
 * late for its schedule; a volume at the critical usage threshold.
 */
export function notifiableConditions(view: EntityOpsView, options: { certificateDays: number }): EntityCondition[] {
  const conditions: EntityCondition[] = [];
  for (const clusterView of view.clusters) {
    const cluster = clusterView.cluster.name;
    const add = (object: string, what: string, finding: Finding) =>
      conditions.push({ key: `${cluster}:${object}:${what}`, cluster, finding: { ...finding, cluster } });
    for (const c of clusterView.certificates) {
      const object = `certificate:${c.namespace}/${c.name}`;
      for (const f of c.findings) {
        const expiring = f.code === 'certificate.expiring' && c.daysToExpiry !== undefined && c.daysToExpiry <= options.certificateDays;
        if (f.code === 'certificate.expired' || expiring) add(object, 'expiry', f);
        else if (CERTIFICATE_ISSUANCE.has(f.code)) add(object, 'issuance', f);
      }
    }
    for (const d of clusterView.databases) {
      for (const f of d.findings) {
        if (BACKUP.has(f.code)) add(`database:${d.namespace}/${d.name}`, f.code, f);
      }
    }
    for (const p of clusterView.pvcs) {
      for (const f of p.findings) {
        if (f.code === 'pvc.usage' && f.level === 'critical') add(`pvc:${p.namespace}/${p.name}`, 'usage', f);
      }
    }
  }
  return conditions;
}
