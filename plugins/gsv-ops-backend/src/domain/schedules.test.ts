import { DateTime } from 'luxon';
import { parseCnpgSchedule, ParsedSchedule } from './schedules';
import { NOW_ISO } from '../__fixtures__/objects';

const now = DateTime.fromISO(NOW_ISO, { zone: 'utc' });

function valid(s: ParsedSchedule) {
  if (!s.valid) throw new Error(s.error);
  return s;
}

describe('parseCnpgSchedule', () => {
  it('reads six-field schedules (seconds first) in UTC', () => {
    const s = valid(parseCnpgSchedule('0 0 2 * * *', now));
    expect(s.next.toISO()).toBe('2024-12-05T02:00:00.000Z');
    expect(s.previous.toISO()).toBe('2024-12-04T02:00:00.000Z');
    expect(s.period.as('hours')).toBe(24);
    const every = parseCnpgSchedule('30 */15 * * * *', now);
    expect(every.valid && every.period.as('minutes')).toBe(15);
    expect(parseCnpgSchedule('@daily', now).valid).toBe(true);
    const interval = parseCnpgSchedule('@every 6h', now);
    expect(interval.valid && interval.period.as('hours')).toBe(6);
  });

  it('rejects five-field and invalid schedules', () => {
    expect(parseCnpgSchedule('0 2 * * *', now)).toMatchObject({ valid: false, error: expect.stringContaining('has 5 fields') });
    expect(parseCnpgSchedule('0 0 25 * * *', now)).toMatchObject({ valid: false });
  });
});
