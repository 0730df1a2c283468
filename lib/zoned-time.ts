/**
 * Calendar arithmetic in an IANA time zone with the platform's own tz database (Intl), no tz library.
 * Used for schedule windows ("midnight in New York, 14 days ago") and for AMC's zone-less local times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name Intl knows (IANA names such as America/New_York, and UTC). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock fields of an instant in a zone. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (t: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === t)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of the zone from UTC at an instant, in ms (New York in winter: -5 h). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClockOf(new Date(ms), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a local wall time in a zone. Fields may overflow (day 0, day 32): they are normalised like
 * Date.UTC does, so "the 1st minus 14 days" is plain arithmetic. A wall time that DST skips moves forward by
 * the gap; one that DST repeats is the earlier instant.
 */
export function zonedTimeToUtc(
  w: Partial<WallClock> & Pick<WallClock, 'year' | 'month' | 'day'>,
  timeZone: string,
): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour ?? 0, w.minute ?? 0, w.second ?? 0);
  const day = 24 * 3600 * 1000;
  const candidates = [asUtc - offsetAt(asUtc - day, timeZone), asUtc - offsetAt(asUtc + day, timeZone)];
  const valid = candidates.filter((c) => c + offsetAt(c, timeZone) === asUtc);
  return new Date(valid.length > 0 ? Math.min(...valid) : candidates[0]!);
}

/** `yyyy-MM-ddTHH:mm:ss` of the instant's wall time in the zone: no suffix. */
export function formatLocal(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  const p = (n: number, len = 2) => String(n).padStart(len, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}
