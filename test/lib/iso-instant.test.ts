import { instantOf, parseIsoInstant, type IsoInstant } from '../../lib/iso-instant';

const parsed = (s: string) => parseIsoInstant(s) as IsoInstant;

describe('ISO instants', () => {
  test('a bare date or zone-less time is read in the zone the caller names; Z and offsets are honoured', () => {
    expect(instantOf(parsed('2026-03-01')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(instantOf(parsed('2026-03-01'), 'America/New_York').toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(instantOf(parsed('2026-07-01T06:30'), 'Europe/Berlin').toISOString()).toBe('2026-07-01T04:30:00.000Z');
    expect(instantOf(parsed('2026-07-01T06:30:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-07-01T06:30:00.000Z');
    expect(instantOf(parsed('2026-07-01T06:30:00.5-02:00')).toISOString()).toBe('2026-07-01T08:30:00.500Z');
  });

  test('impossible dates and times are errors, not rolled over', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-01-01T24:00', '2026-01-01T10:61', 'tomorrow', '2026-1-1']) {
      expect([bad, 'error' in parseIsoInstant(bad)]).toEqual([bad, true]);
    }
  });
});
