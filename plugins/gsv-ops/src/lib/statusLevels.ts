import type { DatabaseView, JobView, Level } from '@gsv/plugin-gsv-ops-common';

/** A Kubernetes condition status as a level: True is fine, False is bad, Unknown is unknown. */
export function conditionLevel(status: string): Level {
  if (status === 'True') return 'ok';
  if (status === 'False') return 'critical';
  return 'unknown';
}

/** "Ready", "Not ready", "Unknown" for a Ready condition status. */
export function readyText(status: string): string {
  if (status === 'True') return 'Ready';
  if (status === 'False') return 'Not ready';
  return 'Unknown';
}

/** WAL archiving as a level and a word. */
export function walArchiving(status: DatabaseView['walArchiving']['status']): {
  level: Level;
  text: string;
} {
  if (status === 'ok') return { level: 'ok', text: 'Working' };
  if (status === 'failing') return { level: 'critical', text: 'Failing' };
  return { level: 'unknown', text: 'Unknown' };
}

/** PVC phase: Bound is fine, Lost is critical, Pending needs attention. */
export function pvcPhaseLevel(phase: string): Level {
  if (phase === 'Bound') return 'ok';
  if (phase === 'Lost') return 'critical';
  return 'warning';
}

/** Job status: Complete is fine, Failed is critical, Running is neither yet. */
export function jobLevel(status: JobView['status']): Level {
  if (status === 'Complete') return 'ok';
  if (status === 'Failed') return 'critical';
  return 'unknown';
}

/** Argo CD sync status → level: Synced is fine, OutOfSync needs attention. */
export function argoSyncLevel(status: string): Level {
  if (status === 'Synced') return 'ok';
  if (status === 'OutOfSync') return 'warning';
  return 'unknown';
}

/** Argo CD health status → level. */
export function argoHealthLevel(status: string): Level {
  switch (status) {
    case 'Healthy':
      return 'ok';
    case 'Degraded':
    case 'Missing':
      return 'critical';
    case 'Progressing':
    case 'Suspended':
      return 'warning';
    default:
      return 'unknown';
  }
}

/** The platform page's headline for a level. */
export const PLATFORM_HEADLINES: Record<Level, string> = {
  ok: 'All clear',
  warning: 'Needs attention',
  critical: 'Action needed',
  unknown: 'Status unknown',
};
