/**
 * Splitting a date range into weeks for a data collection. Pure (no I/O, no clock): the API builds a
 * collection's ledger with it and tests pin its edge cases.
 *
 * Weeks are aligned to `weekStartDay` (0 = Sunday … 6 = Saturday; default Monday). The range is inclusive of
 * both dates, and a week's `weekEnd` is exclusive (the next day at 00:00 UTC), so windows never overlap.
 * A first or last week that the range cuts short is `partial`: kept with its real (shorter) window when
 * `partialWeeks` is 'include', left out when 'drop'.
 */
const DAY_MS = 24 * 3600 * 1000;

/** Week start days by number (0 = Sunday), as the REST contract names them. */
export const WEEK_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
export const weekDayNumber = (day: WeekDay) => WEEK_DAYS.indexOf(day);
export const weekDayName = (n: number): WeekDay => WEEK_DAYS[n] ?? 'monday';

export interface CollectionWeek {
  /** yyyy-MM-dd, inclusive. */
  weekStart: string;
  /** yyyy-MM-dd, exclusive. */
  weekEnd: string;
  partial: boolean;
}

export const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const parseDateOnly = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function splitIntoWeeks(
  startDate: string,
  endDate: string,
  weekStartDay = 1,
  partialWeeks: 'include' | 'drop' = 'include',
): CollectionWeek[] {
  const start = parseDateOnly(startDate);
  const endExclusive = parseDateOnly(endDate) + DAY_MS;
  if (!(endExclusive > start)) return [];
  const offset = (new Date(start).getUTCDay() - weekStartDay + 7) % 7;
  const weeks: CollectionWeek[] = [];
  for (let aligned = start - offset * DAY_MS; aligned < endExclusive; aligned += 7 * DAY_MS) {
    const from = Math.max(aligned, start);
    const to = Math.min(aligned + 7 * DAY_MS, endExclusive);
    const partial = to - from < 7 * DAY_MS;
    if (partial && partialWeeks === 'drop') continue;
    weeks.push({ weekStart: dateOnly(from), weekEnd: dateOnly(to), partial });
  }
  return weeks;
}
