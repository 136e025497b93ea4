/**
 * One check of a service-diagnostics operation.
 *
 * @public
 */
export interface DiagnosticCheck {
  /** `database`, or the dependency's name from the `gsv.io/dependencies` annotation. */
  name: string;
  kind: 'database' | 'http';
  /** The URL checked (http), or how the host was found (database). */
  target: string;
  ok: boolean;
  /** Time from the check's start to its end, from the Job's log timestamps. */
  latencyMs?: number;
  /** What the check printed (pg_isready's or curl's line), or why it failed. */
  message: string;
}

/**
 * The result of a service-diagnostics operation: it succeeds when the checks ran; a failed check is a finding.
 *
 * @public
 */
export interface ServiceDiagnosticsResult {
  checks: DiagnosticCheck[];
  failed: string[];
}
