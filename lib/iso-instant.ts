/**
 * ISO-8601 dates and date-times as the API accepts them: `2026-07-15`, `2026-07-15T06:00`, `…:00`, `…:00.000`,
 * each with an optional `Z` or `±hh:mm`. Parsing keeps "no zone given" apart from "UTC", so each caller decides
 * which zone a zone-less value is read in (an execution window: UTC; a schedule backfill: the schedule's zone).
 * Impossible calendar values (2026-02-30, 24:30) are errors, never silently rolled over.
 */
import { zonedTimeToUtc, type WallClock } from './zoned-time';

export interface IsoInstant {
  /** The wall-clock fields as written. */
  wall: WallClock & { millisecond: number };
  /** Minutes east of UTC when the value carries `Z` or an offset; null when it carries no zone. */
  offsetMinutes: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export function parseIsoInstant(text: string): IsoInstant | { error: string } {
  const m = ISO.exec(text);
  if (!m) return { error: 'must be an ISO date or date-time, e.g. 2026-07-15 or 2026-07-15T06:00:00Z' };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return { error: `is not a real date (${m[1]}-${m[2]}-${m[3]})` };
  }
  if (hour > 23 || minute > 59 || second > 59) return { error: 'is not a real time of day' };
  const zone = m[8];
  let offsetMinutes: number | null = null;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone) {
    const [h, mm] = zone.slice(1).split(':').map(Number) as [number, number];
    if (h > 23 || mm > 59) return { error: 'has an impossible UTC offset' };
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (h * 60 + mm);
  }
  const millisecond = Number((m[7] ?? '0').padEnd(3, '0'));
  return { wall: { year, month, day, hour, minute, second, millisecond }, offsetMinutes };
}

/** The instant: with its own offset when it has one, else its wall time in `timeZone`. */
export function instantOf(value: IsoInstant, timeZone = 'UTC'): Date {
  const { wall } = value;
  if (value.offsetMinutes !== null) {
    const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
    return new Date(asUtc - value.offsetMinutes * 60_000);
  }
  return new Date(zonedTimeToUtc(wall, timeZone).getTime() + wall.millisecond);
}
