import { mockServices } from '@backstage/backend-test-utils';
import { OpsSignalPublisher } from './OpsSignalPublisher';

describe('OpsSignalPublisher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function setup() {
    const publish = jest.fn().mockResolvedValue(undefined);
    const publisher = new OpsSignalPublisher({ signals: { publish }, logger: mockServices.logger.mock(), debounceMs: 200 });
    return { publish, publisher };
  }

  it('sends one signal per entity for a burst of changes, 200 ms after the first', () => {
    const { publish, publisher } = setup();
    publisher.entityChanged('Component:default/agent-registry');
    jest.advanceTimersByTime(150);
    publisher.entityChanged('component:default/agent-registry');
    publisher.entityChanged('component:default/agent-registry');
    expect(publish).not.toHaveBeenCalled();
    jest.advanceTimersByTime(50);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'gsv-ops:entity:component:default/agent-registry',
      message: { type: 'changed' },
    });
    publisher.entityChanged('component:default/agent-registry');
    jest.advanceTimersByTime(200);
    expect(publish).toHaveBeenCalledTimes(2);
  });

  it('debounces each channel on its own', () => {
    const { publish, publisher } = setup();
    publisher.entityChanged('component:default/a');
    publisher.entityChanged('component:default/b');
    publisher.operationChanged('op-1');
    publisher.platformChanged();
    jest.advanceTimersByTime(200);
    expect(publish.mock.calls.map(([s]) => s.channel).sort()).toEqual([
      'gsv-ops:entity:component:default/a',
      'gsv-ops:entity:component:default/b',
      'gsv-ops:operation:op-1',
      'gsv-ops:platform',
    ]);
  });

  it('drops pending signals on close', () => {
    const { publish, publisher } = setup();
    publisher.operationChanged('op-1');
    publisher.close();
    jest.advanceTimersByTime(1000);
    expect(publish).not.toHaveBeenCalled();
  });
});
