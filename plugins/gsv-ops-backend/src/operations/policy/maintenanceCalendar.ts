import { RUNBOOKS, type MaintenanceCalendar } from '@gsv/plugin-gsv-ops-common';
import { approvalRequirement, type ApprovalsConfig } from '../approvals/approvalsConfig';
import type { OperationsPolicyConfig } from '../config/readOperationsConfig';
import { messageOf } from '../errors';
import { nextOccurrence, openOccurrence, type WindowOccurrence } from './maintenanceWindows';
import type { OperationsPolicy } from './OperationsPolicy';

const iso = (t: number) => new Date(t).toISOString();

/** The next `count` occurrences of a window after `now`. */
function upcoming(window: OperationsPolicyConfig['maintenanceWindows'][string][number], now: number, count: number) {
  const out: WindowOccurrence[] = [];
  let from = now;
  while (out.length < count) {
    const next = nextOccurrence(window, from);
    if (!next) break;
    out.push(next);
    from = next.start;
  }
  return out.map(o => ({ start: iso(o.start), end: iso(o.end) }));
}

/**
 * The maintenance calendar of an environment at `now`, from the same policy the engine enforces: what a person sees
 * before trying, and what the engine would answer.
 */
export function maintenanceCalendar(options: {
  environment: string;
  now: number;
  config: OperationsPolicyConfig;
  policy: OperationsPolicy;
  approvals: ApprovalsConfig;
  occurrences?: number;
}): MaintenanceCalendar {
  const { environment, now, config, policy } = options;
  const windows = config.maintenanceWindows[environment] ?? [];
  const open = windows
    .map(w => openOccurrence(w, now))
    .filter((o): o is WindowOccurrence => Boolean(o))
    .sort((a, b) => b.end - a.end)[0];
  return {
    environment,
    generatedAt: iso(now),
    restricted: windows.length > 0,
    ...(open ? { openNow: { name: open.window.name, start: iso(open.start), end: iso(open.end) } } : {}),
    windows: windows.map(w => ({
      name: w.name,
      cron: w.cron,
      timezone: w.timezone,
      durationMinutes: Math.round(w.durationMs / 60_000),
      ...(w.runbooks ? { runbooks: w.runbooks } : {}),
      next: upcoming(w, now, options.occurrences ?? 3),
    })),
    freezes: config.changeFreezes
      .filter(f => f.to > now && (f.environments.length === 0 || f.environments.includes(environment)))
      .map(f => ({
        name: f.name,
        from: iso(f.from),
        to: iso(f.to),
        reason: f.reason,
        active: f.from <= now,
        allowIncidentOverride: f.allowIncidentOverride,
        exemptRunbooks: f.exemptRunbooks,
      })),
    windowExemptRunbooks: config.windowExemptRunbooks,
    runbooks: RUNBOOKS.map(({ id }) => {
      const approval = approvalRequirement(options.approvals, id, environment);
      let allowedNow = true;
      let reason: string;
      try {
        reason = policy.evaluate({ runbook: id, environment, now }).message;
      } catch (e) {
        allowedNow = false;
        reason = messageOf(e);
      }
      return { runbook: id, allowedNow, reason, ...(approval ? { approval } : {}) };
    }),
  };
}
