import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ViewChange } from '../services/OpsService/DefaultOpsService';
import { OpsSignalPublisher, type SignalSink } from './OpsSignalPublisher';

/**
 * Publishes GSV Ops' signals: the views' changes as they happen; the operations' through the returned publisher
 * (the engine's listener). `stop` ends both.
 */
export function connectOpsSignals(options: {
  signals: SignalSink;
  views: { onViewChanged(listener: (change: ViewChange) => void): () => void };
  logger: LoggerService;
}): { publisher: OpsSignalPublisher; stop: () => void } {
  const publisher = new OpsSignalPublisher({ signals: options.signals, logger: options.logger });
  const unsubscribe = options.views.onViewChanged(change =>
    change.type === 'entity' ? publisher.entityChanged(change.entityRef) : publisher.platformChanged(),
  );
  return {
    publisher,
    stop: () => {
      unsubscribe();
      publisher.close();
    },
  };
}
