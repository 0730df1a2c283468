/**
 * AMC time windows. AMC takes zone-less local times (`2025-07-15T00:00:00`) plus a time zone name and
 * rejects or mis-reads anything with a `Z` or an offset, so every window leaves RecomAMP through `toAmcTime`.
 */
import { formatLocal } from './zoned-time';

const DAY_MS = 24 * 3600 * 1000;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/**
 * `yyyy-MM-ddTHH:mm:ss` of the instant's wall time in `timeZone` (UTC unless given), no zone suffix; sent with
 * timeWindowTimeZone=<that zone>. Scheduled runs use their schedule's zone, so AMC sees local midnights.
 */
export function toAmcTime(date: Date, timeZone = 'UTC'): string {
  return timeZone === 'UTC' ? date.toISOString().slice(0, 19) : formatLocal(date, timeZone);
}

function utcMidnight(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * The default window for a run at `at`: `lookbackDays` whole UTC days ending `lagDays` before the day of `at`.
 * The lag covers AMC's 48-hour data arrival and its 14-day attribution window (default 14).
 */
export function defaultWindow(at: Date, lookbackDays: number, lagDays: number): TimeWindow {
  const end = new Date(utcMidnight(at).getTime() - lagDays * DAY_MS);
  return { start: new Date(end.getTime() - lookbackDays * DAY_MS), end };
}
