/** A search the ops guide (§1.3) tells on-call to run over a service's logs. @public */
export interface LogPattern {
  id: string;
  label: string;
  /** A JavaScript regular expression source. */
  regex: string;
  /** Whether case is ignored (the guide's `grep -i`). */
  ignoreCase: boolean;
}

/** The ops guide's critical log patterns, as one-click filters. @public */
export const LOG_PATTERNS: readonly LogPattern[] = [
  {
    id: 'errors',
    label: 'Errors',
    regex: 'ERROR|CRITICAL|Exception',
    ignoreCase: false,
  },
  {
    id: 'connection',
    label: 'Connection',
    regex: 'connection',
    ignoreCase: true,
  },
  {
    id: 'auth-failed',
    label: 'Authentication failed',
    regex: 'authentication failed',
    ignoreCase: true,
  },
  {
    id: 'webhook-errors',
    label: 'Webhook errors',
    regex: 'webhook.*error|error.*webhook',
    ignoreCase: true,
  },
];

/** One log line of one container. @public */
export interface LogLine {
  pod: string;
  container: string;
  /** The kubelet's timestamp of the line (RFC 3339), when it gave one. */
  time?: string;
  text: string;
  /** The ids of the patterns the line matches. */
  patterns: string[];
}

/** A pod of the entity whose logs can be read, with its containers. @public */
export interface LogSource {
  pod: string;
  namespace: string;
  containers: string[];
  restarts: number;
}

/** `GET /entities/:kind/:namespace/:name/logs`. @public */
export interface EntityLogs {
  cluster: string;
  sources: LogSource[];
  /** Newest last, at most the requested number after filtering. */
  lines: LogLine[];
  /** Per pattern id: matching lines in the window read (before filtering). */
  counts: Record<string, number>;
  /** Lines read in the window, before filtering. */
  scanned: number;
  /** True when there were more matching lines than returned, or a container's log was cut at the byte cap. */
  truncated: boolean;
  sinceSeconds: number;
  /** Containers whose log could not be read, and why. */
  errors: Array<{ pod: string; container: string; message: string }>;
}

/** What to read of an entity's logs (see `GET /entities/:kind/:namespace/:name/logs`). @public */
export interface EntityLogsQuery {
  cluster: string;
  pod?: string;
  container?: string;
  previous?: boolean;
  sinceSeconds?: number;
  limit?: number;
  search?: string;
  /** Ids of `LOG_PATTERNS`: lines matching any. */
  patterns?: string[];
}
