import type { LoggerService } from '@backstage/backend-plugin-api';
import { gsvOpsSignalChannels, type GsvOpsChangedSignal } from '@gsv/plugin-gsv-ops-common';

/** The part of `SignalsService` (`@backstage/plugin-signals-node`) the publisher uses. */
export interface SignalSink {
  publish(signal: {
    recipients: { type: 'broadcast' };
    channel: string;
    message: GsvOpsChangedSignal;
  }): Promise<void>;
}

/** Changes within this window are one signal per channel: a rollout touches dozens of objects within a second. */
export const SIGNAL_DEBOUNCE_MS = 200;

/**
 * Publishes "this changed" on GSV Ops' signal channels, at most one signal per channel per `debounceMs` (the first
 * change of a burst is signalled `debounceMs` later, together with the rest of the burst).
 *
 * Recipients are a broadcast on purpose: the message says nothing but "changed", only browsers that subscribed to
 * the channel receive it, and they read the view again through the route that checks their permission. Anyone who
 * may read an entity's Ops view follows it, not only its owners.
 */
export class OpsSignalPublisher {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly debounceMs: number;

  constructor(
    private readonly options: {
      signals: SignalSink;
      logger: LoggerService;
      debounceMs?: number;
    },
  ) {
    this.debounceMs = options.debounceMs ?? SIGNAL_DEBOUNCE_MS;
  }

  entityChanged(entityRef: string): void {
    this.schedule(gsvOpsSignalChannels.entity(entityRef));
  }

  platformChanged(): void {
    this.schedule(gsvOpsSignalChannels.platform);
  }

  incidentsChanged(entityRef: string): void {
    this.schedule(gsvOpsSignalChannels.incidents(entityRef));
  }

  operationChanged(operationId: string): void {
    this.schedule(gsvOpsSignalChannels.operation(operationId));
  }

  /** Drops the signals not yet sent (on shutdown). */
  close(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private schedule(channel: string) {
    if (this.pending.has(channel)) return;
    const timer = setTimeout(() => {
      this.pending.delete(channel);
      this.options.signals
        .publish({ recipients: { type: 'broadcast' }, channel, message: { type: 'changed' } })
        .catch(error => this.options.logger.warn('Could not publish a signal', { channel, error: String(error) }));
    }, this.debounceMs);
    timer.unref?.();
    this.pending.set(channel, timer);
  }
}
