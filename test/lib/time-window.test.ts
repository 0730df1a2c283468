import { defaultWindow, toAmcTime } from '../../lib/time-window';

describe('time windows', () => {
  test('AMC times have no zone suffix', () => {
    expect(toAmcTime(new Date('2026-07-15T00:00:00Z'))).toBe('2026-07-15T00:00:00');
  });

  test('the default window ends lagDays before the run day, across a month end', () => {
    const w = defaultWindow(new Date('2026-03-10T15:30:00Z'), 7, 14);
    expect(w.end.toISOString()).toBe('2026-02-24T00:00:00.000Z');
    expect(w.start.toISOString()).toBe('2026-02-17T00:00:00.000Z');
  });
});
