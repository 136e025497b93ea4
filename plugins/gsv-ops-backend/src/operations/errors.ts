/** Someone cancelled the operation (`POST /operations/:id/cancel`). */
export class OperationCancelledError extends Error {
  readonly name = 'OperationCancelledError';
  constructor(readonly by: string) {
    super(`cancelled by ${by}`);
  }
}

/** The operation lost its lock (its lease ran out and the janitor or another operation took over). */
export class LeaseLostError extends Error {
  readonly name = 'LeaseLostError';
  constructor() {
    super('lost its lock on the target (the lease ran out); stopped so as not to run alongside another operation');
  }
}

/** This backend instance is shutting down. */
export class ShutdownError extends Error {
  readonly name = 'ShutdownError';
  constructor() {
    super('the backend shut down while the operation ran');
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
