/**
 * The thresholds behind every finding. Defaults come from the GSV day-2 operations guide where it gives them
 * (§1.2 "Key Metrics to Monitor": disk < 70 % healthy, > 80 % warning, > 90 % critical); the others are the
 * conventional ones of the tools involved. All of them can be overridden under `gsvOps.thresholds` in app-config.
 */
export interface OpsThresholds {
  certificates: {
    /** Days before notAfter from which a certificate is a warning. */
    warningDays: number;
    /** Days before notAfter from which a certificate is critical. */
    criticalDays: number;
    /** How long after `status.renewalTime` a certificate that was not renewed counts as "renewal overdue". */
    renewalGraceMinutes: number;
  };
  disk: {
    /** Below this the PVC is in the guide's healthy range. Between this and `warningPercent` the PVC carries an informational finding. */
    healthyBelowPercent: number;
    warningPercent: number;
    criticalPercent: number;
  };
  backups: {
    /** A backup is late once the last success is older than one schedule period plus this grace. */
    graceMinutes: number;
    /** Late by this many periods (plus grace) is critical rather than warning. */
    criticalMissedRuns: number;
  };
  pods: {
    /** A pod Pending for longer than this is a warning. */
    pendingWarningMinutes: number;
    /** Restarts in a running, ready pod from which the pod is a warning. */
    restartsWarning: number;
  };
  events: {
    /** Events last seen longer ago than this are not shown. */
    maxAgeMinutes: number;
    /** At most this many events per cluster and view. */
    limit: number;
  };
  externalSecrets: {
    /** A synced ExternalSecret whose last refresh is older than this many refresh intervals is a warning. */
    staleRefreshIntervals: number;
  };
}

/** @internal */
export const DEFAULT_THRESHOLDS: OpsThresholds = {
  certificates: { warningDays: 30, criticalDays: 7, renewalGraceMinutes: 60 },
  disk: { healthyBelowPercent: 70, warningPercent: 80, criticalPercent: 90 },
  backups: { graceMinutes: 60, criticalMissedRuns: 2 },
  pods: { pendingWarningMinutes: 5, restartsWarning: 5 },
  events: { maxAgeMinutes: 60, limit: 50 },
  externalSecrets: { staleRefreshIntervals: 3 },
};
