import { NotAllowedError } from '@backstage/errors';
import type { IncidentOverride, RunbookId } from '@gsv/plugin-gsv-ops-common';
import { limitsFor, OperationLimits, OperationsPolicyConfig } from '../config/readOperationsConfig';
import { formatInZone, nextOccurrence, openOccurrence, WindowOccurrence } from './maintenanceWindows';

/** Why an operation may go ahead now; recorded as the `policy` step. */
export interface PolicyDecision {
  message: string;
  /** True when the incident was needed (outside the window or in a freeze). */
  overrideUsed: boolean;
  window?: { name: string; start: string; end: string };
  limits: OperationLimits;
}

/**
 * Maintenance windows, change freezes and the incident override (ops guide §6.1, §7.1). Refusals are
 * `NotAllowedError`s whose message says when the next window opens and how to override.
 */
export class OperationsPolicy {
  constructor(private readonly config: OperationsPolicyConfig) {}

  limits(environment: string): OperationLimits {
    return limitsFor(this.config, environment);
  }

  /** Throws NotAllowedError when the operation may not run now. */
  evaluate(options: {
    runbook: RunbookId;
    environment: string;
    incident?: IncidentOverride;
    now: number;
    /** A run that changes nothing (a report, a diagnosis): windows and freezes do not apply to it. */
    readOnly?: boolean;
  }): PolicyDecision {
    const { runbook, environment, incident, now } = options;
    const limits = this.limits(environment);
    if (options.readOnly) {
      const recorded = incident ? `; incident ${incident.id} (${incident.severity}) recorded` : '';
      return { message: `Read-only: ${runbook} changes nothing, so maintenance windows and change freezes do not apply${recorded}`, overrideUsed: false, limits };
    }
    const notes: string[] = [];
    let overrideUsed = false;

    for (const freeze of this.config.changeFreezes) {
      const applies =
        now >= freeze.from &&
        now < freeze.to &&
        (freeze.environments.length === 0 || freeze.environments.includes(environment));
      if (!applies) continue;
      const until = new Date(freeze.to).toISOString();
      if (freeze.exemptRunbooks.includes(runbook)) {
        notes.push(`${runbook} is exempt from the change freeze '${freeze.name}'`);
        continue;
      }
      if (incident && freeze.allowIncidentOverride) {
        overrideUsed = true;
        notes.push(`change freeze '${freeze.name}' (until ${until}) overridden by incident ${incident.id} (${incident.severity})`);
        continue;
      }
      throw new NotAllowedError(
        `${environment} is in the change freeze '${freeze.name}' until ${until} (${freeze.reason}); ${
          freeze.allowIncidentOverride
            ? 'declare a P1/P2 incident to override'
            : 'this freeze allows no override, not even for incidents'
        }`,
      );
    }

    const windows = this.config.maintenanceWindows[environment] ?? [];
    let window: PolicyDecision['window'];
    if (windows.length === 0) {
      notes.push(`${environment} has no maintenance windows: changes are allowed at any time`);
    } else if (this.config.windowExemptRunbooks.includes(runbook)) {
      notes.push(`${runbook} may run outside the maintenance windows of ${environment}`);
    } else {
      const applicable = windows.filter(w => !w.runbooks || w.runbooks.includes(runbook));
      const open = applicable
        .map(w => openOccurrence(w, now))
        .filter((o): o is WindowOccurrence => Boolean(o))
        .sort((a, b) => b.end - a.end)[0];
      if (open) {
        window = { name: open.window.name, start: new Date(open.start).toISOString(), end: new Date(open.end).toISOString() };
        notes.push(
          `inside the maintenance window '${open.window.name}' of ${environment} (until ${formatInZone(open.end, open.window.timezone)})`,
        );
      } else {
        const next = applicable
          .map(w => nextOccurrence(w, now))
          .filter((o): o is WindowOccurrence => Boolean(o))
          .sort((a, b) => a.start - b.start)[0];
        const when = next
          ? `next: ${formatInZone(next.start, next.window.timezone)}, '${next.window.name}'`
          : `no window of ${environment} allows ${runbook}`;
        if (!incident) {
          throw new NotAllowedError(
            `${environment} is outside its maintenance window (${when}); declare a P1/P2 incident to override`,
          );
        }
        overrideUsed = true;
        notes.push(`outside the maintenance windows of ${environment} (${when}); overridden by incident ${incident.id} (${incident.severity})`);
      }
    }
    if (incident && !overrideUsed) {
      notes.push(`incident ${incident.id} (${incident.severity}) recorded`);
    }
    const message = notes.join('; ');
    return { message: message.charAt(0).toUpperCase() + message.slice(1), overrideUsed, window, limits };
  }
}
