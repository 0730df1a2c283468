/**
 * Typed values → SQL literal text. The only characters that reach the SQL outside a quoted literal are digits,
 * '.', 'e', '+', '-', parentheses, commas and spaces; everything else is inside a single-quoted literal whose
 * quotes are doubled. Values that a dialect might read differently are refused, not guessed at.
 */
import type { ParameterType } from '../db/tables';

export const PARAMETER_LIMITS = {
  /** Elements in a string_list / number_list. */
  maxListElements: 1000,
  /** Characters in one string value. */
  maxStringLength: 10_000,
} as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/;
const NUMBER_TEXT = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// C0/C1 control characters except tab, newline and carriage return.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Bidirectional overrides and isolates ("Trojan Source"): make reviewed SQL read differently from what runs.
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
// A lone UTF-16 surrogate is not a character; with the u flag a valid pair never matches this class.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function checkText(s: string): void {
  if (s.length > PARAMETER_LIMITS.maxStringLength) {
    throw new Error(`must be at most ${PARAMETER_LIMITS.maxStringLength} characters`);
  }
  if (CONTROL.test(s)) throw new Error('must not contain control characters');
  if (BIDI.test(s)) throw new Error('must not contain bidirectional control characters');
  if (LONE_SURROGATE.test(s)) throw new Error('must be valid Unicode text (no lone surrogates)');
  // Some SQL dialects (Spark, MySQL) read backslash as an escape inside literals; AMC's is not documented.
  if (s.includes('\\')) throw new Error('must not contain backslashes');
}

function quote(s: string): string {
  checkText(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function isCalendarDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function renderNumber(value: unknown): string {
  const n = typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error('must be a finite number');
  // Parenthesised when negative: `x -{{n}}` with n = -1 would otherwise become `x --1`, a comment.
  return n < 0 ? `(${String(n)})` : String(Object.is(n, -0) ? 0 : n);
}

function renderDate(value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (!m || !isCalendarDate(m[1]!, m[2]!, m[3]!)) throw new Error('must be a date yyyy-MM-dd');
  return quote(value as string);
}

/** AMC's zone-less form `yyyy-MM-ddTHH:mm:ss[.ffffff]`; a trailing Z or offset is refused, not silently shifted. */
function renderTimestamp(value: unknown): string {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  const [y, mo, d] = m ? m[1]!.split('-') : [];
  if (!m || !isCalendarDate(y!, mo!, d!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) {
    throw new Error('must be a zone-less timestamp yyyy-MM-ddTHH:mm:ss');
  }
  return quote((value as string).replace(' ', 'T'));
}

function renderScalar(type: 'string' | 'number' | 'date' | 'timestamp', value: unknown): string {
  switch (type) {
    case 'number':
      return renderNumber(value);
    case 'string':
      if (typeof value !== 'string') throw new Error('must be a string');
      return quote(value);
    case 'date':
      return renderDate(value);
    case 'timestamp':
      return renderTimestamp(value);
  }
}

/** A value of `type` as SQL text; lists become comma-separated literals (for `IN (...)`). Throws on bad input. */
export function renderValue(type: ParameterType, value: unknown): string {
  if (type === 'string_list' || type === 'number_list') {
    if (!Array.isArray(value) || value.length === 0) throw new Error('must be a non-empty array');
    if (value.length > PARAMETER_LIMITS.maxListElements) {
      throw new Error(`must have at most ${PARAMETER_LIMITS.maxListElements} elements`);
    }
    const element = type === 'string_list' ? 'string' : 'number';
    return value
      .map((v, i) => {
        try {
          return renderScalar(element, v);
        } catch (err) {
          throw new Error(`element ${i} ${(err as Error).message}`, { cause: err });
        }
      })
      .join(', ');
  }
  return renderScalar(type, value);
}
