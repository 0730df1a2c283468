import { checkExecutionWindow, defaultWindow, toAmcTime } from '../../lib/time-window';

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

describe('the execution window rule', () => {
  const now = new Date('2026-11-30T12:00:00.250Z');
  const window = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

  test('a window ending after now is refused with the latest allowed end', () => {
    expect(checkExecutionWindow(window('2027-01-01', '2027-01-08'), now, 2)).toEqual({
      ok: false,
      code: 'WINDOW_IN_FUTURE',
      message: expect.stringContaining('2026-11-30T12:00:00.000Z'),
      latestAllowedEnd: '2026-11-30T12:00:00.000Z',
    });
    expect(checkExecutionWindow(window('2026-11-29', '2026-11-30T12:00:01Z'), now, 2).ok).toBe(false);
  });

  test('a window ending inside the data lag runs with a warning; one before it runs without', () => {
    const inside = checkExecutionWindow(window('2026-11-22', '2026-11-29'), now, 2);
    expect(inside).toEqual({
      ok: true,
      warnings: [
        expect.objectContaining({ code: 'WINDOW_INSIDE_DATA_LAG', dataCompleteAt: '2026-12-01T00:00:00.000Z' }),
      ],
    });
    expect(checkExecutionWindow(window('2026-11-20', '2026-11-28T12:00:00Z'), now, 2)).toEqual({
      ok: true,
      warnings: [],
    });
  });
});
