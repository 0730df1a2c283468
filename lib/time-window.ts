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

/** A remark recorded on an execution that ran anyway (GET /api/executions/:id `warnings`). */
export interface ExecutionWarning {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export type WindowCheck =
  | { ok: true; warnings: ExecutionWarning[] }
  | { ok: false; code: 'WINDOW_IN_FUTURE'; message: string; latestAllowedEnd: string };

/**
 * The one rule for an execution's window, checked at `now`: a window that ends after now is refused (AMC has no
 * data for time that has not happened; the latest allowed end is now); one that ends inside AMC's data lag (its
 * data arrives within `dataLagDays`, 48 h for AMC) runs, with a warning that its last days may be incomplete.
 * Collection weeks do not come here: a week inside the lag waits until its data is complete.
 */
export function checkExecutionWindow(window: TimeWindow, now: Date, dataLagDays: number): WindowCheck {
  const latestAllowedEnd = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  if (window.end.getTime() > now.getTime()) {
    return {
      ok: false,
      code: 'WINDOW_IN_FUTURE',
      message: `timeWindowEnd ${window.end.toISOString()} is after now: AMC has no data for time that has not happened; the latest allowed end is ${latestAllowedEnd}`,
      latestAllowedEnd,
    };
  }
  const completeAfter = new Date(window.end.getTime() + dataLagDays * DAY_MS);
  if (completeAfter.getTime() <= now.getTime()) return { ok: true, warnings: [] };
  return {
    ok: true,
    warnings: [
      {
        code: 'WINDOW_INSIDE_DATA_LAG',
        message: `the window ends less than ${dataLagDays} days ago: AMC may not have all of its data yet (complete after ${completeAfter.toISOString()}), so the last days may be missing rows`,
        dataCompleteAt: completeAfter.toISOString(),
      },
    ],
  };
}
