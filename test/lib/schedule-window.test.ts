import { scheduleWindow } from '../../lib/schedule-window';
import { toAmcTime } from '../../lib/time-window';
import { formatLocal, zonedTimeToUtc } from '../../lib/zoned-time';

const NY = 'America/New_York';
const iso = (d: Date) => d.toISOString();

describe('schedule windows', () => {
  test('when a New York run is scheduled in winter, then the window is whole New York days (05:00Z)', () => {
    const w = scheduleWindow({
      scheduledAt: new Date('2026-01-20T11:00:00Z'),
      timeZone: NY,
      lookbackDays: 7,
      lagDays: 14,
    });
    expect(iso(w.end)).toBe('2026-01-06T05:00:00.000Z');
    expect(iso(w.start)).toBe('2025-12-30T05:00:00.000Z');
    expect(toAmcTime(w.start, NY)).toBe('2025-12-30T00:00:00');
    expect(toAmcTime(w.end, NY)).toBe('2026-01-06T00:00:00');
  });

  test('when the window spans the March DST change, then both ends are local midnights and it is 1 h shorter', () => {
    // 2026-03-08 02:00 New York springs forward.
    const w = scheduleWindow({
      scheduledAt: new Date('2026-03-24T10:00:00Z'),
      timeZone: NY,
      lookbackDays: 7,
      lagDays: 14,
    });
    expect(iso(w.start)).toBe('2026-03-03T05:00:00.000Z'); // EST
    expect(iso(w.end)).toBe('2026-03-10T04:00:00.000Z'); // EDT
    expect(w.end.getTime() - w.start.getTime()).toBe((7 * 24 - 1) * 3600_000);
    expect([toAmcTime(w.start, NY), toAmcTime(w.end, NY)]).toEqual(['2026-03-03T00:00:00', '2026-03-10T00:00:00']);
  });

  test('when the window spans the November DST change, then it is 1 h longer', () => {
    // 2026-11-01 02:00 New York falls back.
    const w = scheduleWindow({
      scheduledAt: new Date('2026-11-19T12:00:00Z'),
      timeZone: NY,
      lookbackDays: 7,
      lagDays: 14,
    });
    expect(iso(w.start)).toBe('2026-10-29T04:00:00.000Z'); // EDT
    expect(iso(w.end)).toBe('2026-11-05T05:00:00.000Z'); // EST
    expect(w.end.getTime() - w.start.getTime()).toBe((7 * 24 + 1) * 3600_000);
  });

  test('when the run is scheduled on the DST day itself, then its local day is still that day', () => {
    // 00:30 on 2026-03-08 New York is 05:30Z; 23:30 that day is 03:30Z on the 9th.
    const early = scheduleWindow({
      scheduledAt: new Date('2026-03-08T05:30:00Z'),
      timeZone: NY,
      lookbackDays: 1,
      lagDays: 0,
    });
    const late = scheduleWindow({
      scheduledAt: new Date('2026-03-09T03:30:00Z'),
      timeZone: NY,
      lookbackDays: 1,
      lagDays: 0,
    });
    expect([iso(early.start), iso(early.end)]).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z']);
    expect([iso(late.start), iso(late.end)]).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z']);
  });

  test('when the lag crosses a month end, a year end and a leap day, then the calendar days are counted right', () => {
    const march = scheduleWindow({
      scheduledAt: new Date('2028-03-10T12:00:00Z'),
      timeZone: 'UTC',
      lookbackDays: 7,
      lagDays: 14,
    });
    expect([iso(march.start), iso(march.end)]).toEqual(['2028-02-18T00:00:00.000Z', '2028-02-25T00:00:00.000Z']);
    const leap = scheduleWindow({
      scheduledAt: new Date('2028-03-01T12:00:00Z'),
      timeZone: 'UTC',
      lookbackDays: 1,
      lagDays: 1,
    });
    expect([iso(leap.start), iso(leap.end)]).toEqual(['2028-02-28T00:00:00.000Z', '2028-02-29T00:00:00.000Z']);
    const newYear = scheduleWindow({
      scheduledAt: new Date('2027-01-05T12:00:00Z'),
      timeZone: 'UTC',
      lookbackDays: 30,
      lagDays: 4,
    });
    expect([iso(newYear.start), iso(newYear.end)]).toEqual(['2026-12-02T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  test('when the scheduled UTC instant is already the next day in UTC, then the zone day decides', () => {
    // 2026-07-31 22:00 in Los Angeles is 2026-08-01T05:00Z: the local day is July 31st.
    const w = scheduleWindow({
      scheduledAt: new Date('2026-08-01T05:00:00Z'),
      timeZone: 'America/Los_Angeles',
      lookbackDays: 31,
      lagDays: 0,
    });
    expect([toAmcTime(w.start, 'America/Los_Angeles'), toAmcTime(w.end, 'America/Los_Angeles')]).toEqual([
      '2026-06-30T00:00:00',
      '2026-07-31T00:00:00',
    ]);
  });

  test('a wall time that DST skips moves forward; one it repeats is the earlier instant', () => {
    expect(iso(zonedTimeToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, NY))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(iso(zonedTimeToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(formatLocal(new Date('2026-11-01T06:30:00Z'), NY)).toBe('2026-11-01T01:30:00');
  });
});
