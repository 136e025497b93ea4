import type { RunbookId } from './runbooks';

/** One occurrence of a maintenance window. @public */
export interface MaintenanceOccurrence {
  start: string;
  end: string;
}

/**
 * When changes may be made to an environment (`GET /maintenance?environment=`): its windows with their next
 * occurrences, the change freezes that are on or coming, and for each runbook whether it may run right now and what
 * it needs (approvals). @public
 */
export interface MaintenanceCalendar {
  environment: string;
  generatedAt: string;
  /** False when the environment has no maintenance windows: changes are allowed at any time (freezes aside). */
  restricted: boolean;
  /** The window open now, if any. */
  openNow?: MaintenanceOccurrence & { name: string };
  windows: Array<{
    name: string;
    cron: string;
    timezone: string;
    durationMinutes: number;
    /** Only these runbooks may use the window; all when absent. */
    runbooks?: RunbookId[];
    next: MaintenanceOccurrence[];
  }>;
  /** Freezes of this environment that have not ended. */
  freezes: Array<{
    name: string;
    from: string;
    to: string;
    reason: string;
    active: boolean;
    allowIncidentOverride: boolean;
    exemptRunbooks: RunbookId[];
  }>;
  /** Runbooks that may run outside the windows. */
  windowExemptRunbooks: RunbookId[];
  runbooks: Array<{
    runbook: RunbookId;
    /** Whether the policy (windows, freezes) allows it now, without an incident. */
    allowedNow: boolean;
    /** The policy's sentence: why, or when next. */
    reason: string;
    /** The approvals a real run needs here. */
    approval?: { required: number; group: string };
  }>;
}
