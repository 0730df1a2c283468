import { splitIntoWeeks } from '../../lib/collection-weeks';

describe('splitIntoWeeks', () => {
  test('when the range is whole Monday weeks, then each week is 7 days with an exclusive end', () => {
    const weeks = splitIntoWeeks('2026-01-05', '2026-01-18');
    expect(weeks).toEqual([
      { weekStart: '2026-01-05', weekEnd: '2026-01-12', partial: false },
      { weekStart: '2026-01-12', weekEnd: '2026-01-19', partial: false },
    ]);
  });

  test('when the range cuts weeks short, then the first and last weeks are partial with their real windows', () => {
    const weeks = splitIntoWeeks('2026-01-07', '2026-01-20');
    expect(weeks[0]).toEqual({ weekStart: '2026-01-07', weekEnd: '2026-01-12', partial: true });
    expect(weeks[1]).toEqual({ weekStart: '2026-01-12', weekEnd: '2026-01-19', partial: false });
    expect(weeks[2]).toEqual({ weekStart: '2026-01-19', weekEnd: '2026-01-21', partial: true });
  });

  test('when partial weeks are dropped, then only whole weeks remain', () => {
    expect(splitIntoWeeks('2026-01-07', '2026-01-20', 1, 'drop')).toEqual([
      { weekStart: '2026-01-12', weekEnd: '2026-01-19', partial: false },
    ]);
  });

  test('when weeks start on Sunday, then they align to Sundays', () => {
    const weeks = splitIntoWeeks('2026-01-04', '2026-01-17', 0);
    expect(weeks.map((w) => w.weekStart)).toEqual(['2026-01-04', '2026-01-11']);
    expect(weeks.every((w) => !w.partial)).toBe(true);
  });

  test('when the range is 52 weeks, then there are 52 weeks', () => {
    expect(splitIntoWeeks('2025-01-06', '2026-01-04')).toHaveLength(52);
  });
});
