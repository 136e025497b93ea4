import type {
  OperationRecord,
  OperationStep,
} from '@gsv/plugin-gsv-ops-common';
import type { RunbookActionContext } from './types';

function describeObject(step: OperationStep): string {
  const object = step.detail?.object;
  if (!object) return '';
  return ` of ${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
    object.name
  }`;
}

/**
 * Streams an operation's step log into the task log: each step when it appears, again when its status or message
 * changes, and its plan/diff once.
 */
export class StepLogStreamer {
  private readonly seen = new Map<number, string>();
  private readonly diffsLogged = new Set<number>();

  constructor(private readonly logger: RunbookActionContext['logger']) {}

  log(record: OperationRecord): void {
    const steps = [...(record.steps ?? [])].sort((a, b) => a.index - b.index);
    for (const step of steps) {
      const fingerprint = `${step.status}\u0000${step.message}`;
      if (this.seen.get(step.index) !== fingerprint) {
        this.seen.set(step.index, fingerprint);
        const line = `[${step.name}] ${step.status}: ${step.message}`;
        if (step.status === 'failed') {
          this.logger.error(line);
        } else {
          this.logger.info(line);
        }
      }
      const diff = step.detail?.diff;
      if (
        typeof diff === 'string' &&
        diff.trim() &&
        !this.diffsLogged.has(step.index)
      ) {
        this.diffsLogged.add(step.index);
        this.logger.info(
          `[${step.name}] ${
            record.dryRun ? 'planned change' : 'change'
          }${describeObject(step)}:\n${diff}`,
        );
      }
    }
  }
}
