/**
 * Execution time windows (reference §6.3): zone-less local times interpreted in an IANA zone, converted
 * to UTC with real DST rules via Intl (no tz library). Relative window types resolve when the run starts.
 */
import type { SimTimeWindow } from './state';
import { SimHttpError } from './responses';

const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** AMC promises data within 48 h; relative windows end at the last whole local day before that. */
const DATA_LAG_MS = 48 * HOUR;

export const WINDOW_TYPES = ['EXPLICIT', 'MOST_RECENT_DAY', 'MOST_RECENT_WEEK', 'CURRENT_MONTH', 'PREVIOUS_MONTH', 'ALL'];

function formatter(timeZone: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new SimHttpError(400, `Invalid time zone (expected an IANA name such as America/New_York): ${timeZone}`);
  }
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(ms: number, timeZone: string): number[] {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

function offsetAt(ms: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallClock(ms, timeZone) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/** UTC instant of a local wall time; a time skipped by DST moves forward, as java.time does. */
export function localToUtc(local: string, timeZone: string): number {
  const [date, time] = local.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const valid = [asUtc - before, asUtc - after].filter((c) => asUtc - c === offsetAt(c, timeZone));
  // Overlap (DST end): the earlier instant. Gap (DST start): shift forward by the gap, like java.time.
  return valid.length > 0 ? Math.min(...valid) : asUtc - before;
}

/** Local midnight (in the zone) of the day containing `ms`, shifted by whole days. */
function localMidnight(ms: number, timeZone: string, dayShift = 0): number {
  const [y, mo, d] = wallClock(ms, timeZone) as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d + dayShift));
  return localToUtc(`${date.toISOString().slice(0, 10)}T00:00:00`, timeZone);
}

function monthStart(ms: number, timeZone: string, monthShift: number): number {
  const [y, mo] = wallClock(ms, timeZone) as [number, number];
  const date = new Date(Date.UTC(y, mo - 1 + monthShift, 1));
  return localToUtc(`${date.toISOString().slice(0, 10)}T00:00:00`, timeZone);
}

/**
 * Validates an EXPLICIT window. A trailing `Z` is disputed (§6.3); by default it is accepted and read as
 * UTC regardless of timeWindowTimeZone, and the original text (with Z) is echoed back.
 */
export function explicitWindow(input: { start?: unknown; end?: unknown; timeZone: string; trailingZ: 'accept-as-utc' | 'reject' }): SimTimeWindow {
  const parse = (value: unknown, field: string): number => {
    if (typeof value !== 'string' || value === '') throw new SimHttpError(400, `${field} is required when timeWindowType is EXPLICIT`);
    if (ZONELESS.test(value)) return localToUtc(value, input.timeZone);
    if (ZONELESS.test(value.replace(/Z$/, '')) && input.trailingZ === 'accept-as-utc') return localToUtc(value.slice(0, -1), 'UTC');
    throw new SimHttpError(400, `Invalid ${field} '${value}': expected format yyyy-MM-ddTHH:mm:ss`);
  };
  formatter(input.timeZone); // validates the zone even when both times carry Z
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
export function resolveRelativeWindow(type: string, timeZone: string, nowMs: number): { startMs: number; endMs: number } {
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
