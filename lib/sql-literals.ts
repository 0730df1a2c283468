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

function checkText(s: string, options: { backslash?: boolean } = {}): void {
  if (s.length > PARAMETER_LIMITS.maxStringLength) {
    throw new Error(`must be at most ${PARAMETER_LIMITS.maxStringLength} characters`);
  }
  if (CONTROL.test(s)) throw new Error('must not contain control characters');
  if (BIDI.test(s)) throw new Error('must not contain bidirectional control characters');
  if (LONE_SURROGATE.test(s)) throw new Error('must be valid Unicode text (no lone surrogates)');
  // Some SQL dialects (Spark, MySQL) read backslash as an escape inside literals; AMC's is not documented.
  if (!options.backslash && s.includes('\\')) throw new Error('must not contain backslashes');
}

function quote(s: string): string {
  checkText(s);
  return `'${s.replace(/'/g, "''")}'`;
}

function isCalendarDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** A finite number from a number or its decimal text (-0 read as 0). */
function numberOf(value: unknown): number {
  const n = typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error('must be a finite number');
  return Object.is(n, -0) ? 0 : n;
}

function renderNumber(value: unknown): string {
  const n = numberOf(value);
  // Parenthesised when negative: `x -{{n}}` with n = -1 would otherwise become `x --1`, a comment.
  return n < 0 ? `(${String(n)})` : String(n);
}

function dateOf(value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (!m || !isCalendarDate(m[1]!, m[2]!, m[3]!)) throw new Error('must be a date yyyy-MM-dd');
  return value as string;
}

/** AMC's zone-less form `yyyy-MM-ddTHH:mm:ss[.ffffff]`; a trailing Z or offset is refused, not silently shifted. */
function timestampOf(value: unknown): string {
  const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
  const [y, mo, d] = m ? m[1]!.split('-') : [];
  if (!m || !isCalendarDate(y!, mo!, d!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4]) > 59) {
    throw new Error('must be a zone-less timestamp yyyy-MM-ddTHH:mm:ss');
  }
  return (value as string).replace(' ', 'T');
}

function stringOf(value: unknown, options: { backslash?: boolean } = {}): string {
  if (typeof value !== 'string') throw new Error('must be a string');
  checkText(value, options);
  return value;
}

type ScalarType = 'string' | 'number' | 'date' | 'timestamp';

function renderScalar(type: ScalarType, value: unknown): string {
  switch (type) {
    case 'number':
      return renderNumber(value);
    case 'string':
      return quote(stringOf(value));
    case 'date':
      return quote(dateOf(value));
    case 'timestamp':
      return quote(timestampOf(value));
  }
}

/** Runs `check` on each element of a list value, naming the element that fails. */
function eachElement<T>(value: unknown, check: (v: unknown) => T, options: { allowEmpty: boolean }): T[] {
  if (!Array.isArray(value)) throw new Error(options.allowEmpty ? 'must be an array' : 'must be a non-empty array');
  if (value.length === 0 && !options.allowEmpty) throw new Error('must be a non-empty array');
  if (value.length > PARAMETER_LIMITS.maxListElements) {
    throw new Error(`must have at most ${PARAMETER_LIMITS.maxListElements} elements`);
  }
  return value.map((v, i) => {
    try {
      return check(v);
    } catch (err) {
      throw new Error(`element ${i} ${(err as Error).message}`, { cause: err });
    }
  });
}

const elementOf = (type: 'string_list' | 'number_list') => (type === 'string_list' ? 'string' : 'number');

/** A value of `type` as SQL text; lists become comma-separated literals (for `IN (...)`). Throws on bad input. */
export function renderValue(type: ParameterType, value: unknown): string {
  if (type === 'string_list' || type === 'number_list') {
    const element = elementOf(type);
    return eachElement(value, (v) => renderScalar(element, v), { allowEmpty: false }).join(', ');
  }
  return renderScalar(type, value);
}

/**
 * A value's text inside a string literal the query already opened (`'%{{term}}%'`, `INTERVAL '{{days}}' DAY`):
 * validated as its type, quotes doubled, the same refusals as a literal of its own. A list has no text form.
 */
export function renderInLiteral(type: ParameterType, value: unknown): string {
  switch (type) {
    case 'string':
      return stringOf(value).replace(/'/g, "''");
    case 'number':
      return String(numberOf(value));
    case 'date':
      return dateOf(value);
    case 'timestamp':
      return timestampOf(value);
    default:
      throw new Error('is a list and cannot stand inside a string literal');
  }
}

/**
 * A value as AMC takes it in an execution's `parameterValues` (JSON, never SQL text): strings without control or
 * bidirectional characters (a backslash is only text here), numbers as numbers, dates and zone-less timestamps as
 * strings, lists as arrays — which may be empty ("all" in Amazon's instructional queries).
 */
export function amcParameterValue(type: ParameterType, value: unknown): unknown {
  switch (type) {
    case 'string':
      return stringOf(value, { backslash: true });
    case 'number':
      return numberOf(value);
    case 'date':
      return dateOf(value);
    case 'timestamp':
      return timestampOf(value);
    case 'string_list':
    case 'number_list': {
      const element = elementOf(type);
      return eachElement(value, (v) => amcParameterValue(element, v), { allowEmpty: true });
    }
  }
}
