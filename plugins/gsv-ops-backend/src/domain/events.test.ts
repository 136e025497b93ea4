import { DateTime } from 'luxon';
import { warningEvent, NOW_ISO } from '../__fixtures__/objects';
import { recentEvents } from './events';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });

describe('recentEvents', () => {
  it('keeps recent events, most recent first, up to the limit', () => {
    const events = [
      warningEvent('e1', { kind: 'Pod', name: 'a' }, '2024-12-04T09:59:00Z'),
      warningEvent('e2', { kind: 'Pod', name: 'b' }, '2024-12-04T08:00:00Z'),
      warningEvent('e3', { kind: 'Certificate', name: 'c' }, '2024-12-04T09:30:00Z', 'Failed', 'order is in "invalid" state'),
    ];
    const rows = recentEvents(events, { now, maxAgeMinutes: 60, limit: 10 });
    expect(rows.map(r => r.involvedObject.name)).toEqual(['a', 'c']);
    expect(rows[0]).toMatchObject({ type: 'Warning', reason: 'BackOff', count: 5 });
    expect(recentEvents(events, { now, maxAgeMinutes: 60, limit: 1 })).toHaveLength(1);
  });
});
