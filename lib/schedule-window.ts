/**
 * The AMC time window of one scheduled run, computed from the run's *scheduled* time (not from when a worker got
 * to it), so a run that starts late, a retried one and a backfilled one all get the window their time implies.
 *
 * Decision: days are calendar days of the schedule's zone. The window ends at local midnight `lagDays` days
 * before the local day of the scheduled time and starts `lookbackDays` local days earlier; both ends are local
 * midnights, converted to instants. So a daily 06:00 New York run always covers whole New York days, and a
 * window that spans a DST change is 23 or 25 hours longer or shorter than lookbackDays × 24 h: that is correct,
 * it is still whole local days. AMC gets the local times with the zone name (lib/time-window toAmcTime).
 *
 * lagDays defaults to 14 (the seed's choice): it covers AMC's 14-day attribution window, which also covers
 * AMC's own data arrival lag of up to 48 hours.
 */
import type { TimeWindow } from './time-window';
import { wallClockOf, zonedTimeToUtc } from './zoned-time';

export const DEFAULT_SCHEDULE_LAG_DAYS = 14;

export interface ScheduleWindowInput {
  /** The run's scheduled time (Temporal's TemporalScheduledStartTime). */
  scheduledAt: Date;
  /** IANA zone of the schedule. */
  timeZone: string;
  lookbackDays: number;
  lagDays: number;
}

export function scheduleWindow({ scheduledAt, timeZone, lookbackDays, lagDays }: ScheduleWindowInput): TimeWindow {
  const { year, month, day } = wallClockOf(scheduledAt, timeZone);
  return {
    start: zonedTimeToUtc({ year, month, day: day - lagDays - lookbackDays }, timeZone),
    end: zonedTimeToUtc({ year, month, day: day - lagDays }, timeZone),
  };
}
