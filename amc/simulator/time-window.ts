/**
 * Execution time windows (reference §6.3): zone-less local times interpreted in an IANA zone, converted
 * to UTC with real DST rules (lib/zoned-time: Intl, no tz library). Relative window types resolve when the run
 * starts.
 */
import type { SimTimeWindow } from './state';
import { isValidTimeZone, wallClockOf, zonedTimeToUtc, type WallClock } from '../../lib/zoned-time';
import { SimHttpError } from './responses';

const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** AMC promises data within 48 h; relative windows end at the last whole local day before that. */
const DATA_LAG_MS = 48 * HOUR;

export const WINDOW_TYPES = [
  'EXPLICIT',
  'MOST_RECENT_DAY',
  'MOST_RECENT_WEEK',
  'CURRENT_MONTH',
  'PREVIOUS_MONTH',
  'ALL',
];

/** The zone must be one Intl knows; AMC answers an unknown one with a 400. */
function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new SimHttpError(400, `Invalid time zone (expected an IANA name such as America/New_York): ${timeZone}`);
  }
}

function wallClock(ms: number, timeZone: string): WallClock {
  assertTimeZone(timeZone);
  return wallClockOf(new Date(ms), timeZone);
}

/** UTC instant of a local wall time; a time skipped by DST moves forward, a repeated one is the earlier. */
export function localToUtc(local: string, timeZone: string): number {
  assertTimeZone(timeZone);
  const [date, time] = local.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
  return zonedTimeToUtc({ year, month, day, hour, minute, second }, timeZone).getTime();
}

/** Local midnight (in the zone) of the day containing `ms`, shifted by whole days. */
function localMidnight(ms: number, timeZone: string, dayShift = 0): number {
  const w = wallClock(ms, timeZone);
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + dayShift));
  return localToUtc(`${date.toISOString().slice(0, 10)}T00:00:00`, timeZone);
}

function monthStart(ms: number, timeZone: string, monthShift: number): number {
  const w = wallClock(ms, timeZone);
  const date = new Date(Date.UTC(w.year, w.month - 1 + monthShift, 1));
  return localToUtc(`${date.toISOString().slice(0, 10)}T00:00:00`, timeZone);
}

/**
 * Validates an EXPLICIT window. A trailing `Z` is disputed (§6.3); by default it is accepted and read as
 * UTC regardless of timeWindowTimeZone, and the original text (with Z) is echoed back.
 */
export function explicitWindow(input: {
  start?: unknown;
  end?: unknown;
  timeZone: string;
  trailingZ: 'accept-as-utc' | 'reject';
}): SimTimeWindow {
  const parse = (value: unknown, field: string): number => {
    if (typeof value !== 'string' || value === '')
      throw new SimHttpError(400, `${field} is required when timeWindowType is EXPLICIT`);
    if (ZONELESS.test(value)) return localToUtc(value, input.timeZone);
    if (ZONELESS.test(value.replace(/Z$/, '')) && input.trailingZ === 'accept-as-utc')
      return localToUtc(value.slice(0, -1), 'UTC');
    throw new SimHttpError(400, `Invalid ${field} '${value}': expected format yyyy-MM-ddTHH:mm:ss`);
  };
  assertTimeZone(input.timeZone); // even when both times carry Z
  const startMs = parse(input.start, 'timeWindowStart');
  const endMs = parse(input.end, 'timeWindowEnd');
  if (startMs >= endMs) throw new SimHttpError(400, 'timeWindowStart must be before timeWindowEnd');
  return {
    type: 'EXPLICIT',
    timeZone: input.timeZone,
    startOriginal: input.start as string,
    endOriginal: input.end as string,
    startMs,
    endMs,
  };
}

/** Concrete bounds of a relative window type at `nowMs` [inferred: AMC's exact alignment is not recorded]. */
export function resolveRelativeWindow(
  type: string,
  timeZone: string,
  nowMs: number,
): { startMs: number; endMs: number } {
  const lastDay = nowMs - DATA_LAG_MS;
  const end = localMidnight(lastDay, timeZone, 1);
  switch (type) {
    case 'MOST_RECENT_WEEK':
      return { startMs: localMidnight(lastDay, timeZone, -6), endMs: end };
    case 'CURRENT_MONTH':
      return { startMs: monthStart(lastDay, timeZone, 0), endMs: end };
    case 'PREVIOUS_MONTH':
      return { startMs: monthStart(nowMs, timeZone, -1), endMs: monthStart(nowMs, timeZone, 0) };
    case 'ALL':
      return { startMs: monthStart(nowMs, timeZone, -13), endMs: end };
    default:
      return { startMs: localMidnight(lastDay, timeZone, 0), endMs: end };
  }
}

export { DAY };
