import { gsvOpsSignalChannels } from './signalChannels';

describe('gsvOpsSignalChannels', () => {
  it('names the entity channel by the normalised ref', () => {
    expect(
      gsvOpsSignalChannels.entity('Component:Default/agent-registry'),
    ).toBe('gsv-ops:entity:component:default/agent-registry');
    expect(gsvOpsSignalChannels.entity('component:agent-registry')).toBe(
      'gsv-ops:entity:component:default/agent-registry',
    );
  });

  it('names the incidents channel by the normalised ref', () => {
    expect(
      gsvOpsSignalChannels.incidents('Component:Default/agent-registry'),
    ).toBe('gsv-ops:incidents:component:default/agent-registry');
  });

  it('names the operation channel by its id', () => {
    expect(gsvOpsSignalChannels.operation('9e1f')).toBe(
      'gsv-ops:operation:9e1f',
    );
  });
});
