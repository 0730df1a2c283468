/**
 * Custom-parameter values checked against their declared dataType, as AMC checks them when an execution is created
 * (and a workflow's defaultValue when it is saved). AMC documents the types (BINARY, BOOLEAN, BYTE, DATE, DOUBLE,
 * FLOAT, INTEGER, LONG, SHORT, STRING, TIMESTAMP, and ARRAY of one of them; the spec adds DECIMAL and
 * CALENDAR_INTERVAL) and that an execution value wins over the defaultValue (reference §5.2). The wording of its
 * refusals, whether it coerces "5" into an INTEGER and how it takes JSON null are not recorded: [inferred] here —
 * numbers may come as numbers or their decimal text (the spec types parameterValues as strings), null is SQL NULL
 * (Amazon's instructional queries test `CUSTOM_PARAMETER('x') IS NULL` for "all").
 */
import type { AmcInputParameter, AmcParameterDataType } from '../client/types';
import { SimHttpError } from './responses';

const SCALARS = [
  'BINARY',
  'BOOLEAN',
  'BYTE',
  'DATE',
  'DOUBLE',
  'FLOAT',
  'INTEGER',
  'LONG',
  'SHORT',
  'STRING',
  'TIMESTAMP',
  'DECIMAL',
  'CALENDAR_INTERVAL',
];
const INTEGER_RANGES: Record<string, number> = { BYTE: 2 ** 7, SHORT: 2 ** 15, INTEGER: 2 ** 31, LONG: 2 ** 63 };
const NUMBER_TEXT = /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;

class Mismatch extends Error {}

function isCalendarDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function label(dt: AmcParameterDataType): string {
  return typeof dt === 'string' ? dt : `ARRAY<${dt.elementDataType}>`;
}

/** The value as the run uses it (numbers and booleans from their text); throws Mismatch when it does not fit. */
function scalar(type: string, value: unknown): unknown {
  switch (type) {
    case 'STRING':
    case 'BINARY':
      if (typeof value !== 'string') throw new Mismatch();
      return value;
    case 'BOOLEAN':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw new Mismatch();
    case 'DATE': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      if (!m || !isCalendarDate(m[1]!, m[2]!, m[3]!)) throw new Mismatch();
      return value;
    }
    case 'TIMESTAMP': {
      const m = typeof value === 'string' ? TIMESTAMP.exec(value) : null;
      if (!m || !isCalendarDate(m[1]!, m[2]!, m[3]!) || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 59) throw new Mismatch();
      return value;
    }
    case 'BYTE':
    case 'SHORT':
    case 'INTEGER':
    case 'LONG':
    case 'DOUBLE':
    case 'FLOAT':
    case 'DECIMAL': {
      const n = typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new Mismatch();
      const range = INTEGER_RANGES[type];
      if (range !== undefined && (!Number.isInteger(n) || n < -range || n >= range)) throw new Mismatch();
      return n;
    }
    default:
      return value; // CALENDAR_INTERVAL and whatever else: not checked
  }
}

function typed(dt: AmcParameterDataType, value: unknown): unknown {
  if (value === null) return null;
  if (typeof dt === 'string') return scalar(dt.toUpperCase(), value);
  if (!Array.isArray(value)) throw new Mismatch();
  return value.map((v) => {
    if (v === null && dt.elementNullable) return null;
    if (v === null) throw new Mismatch();
    return scalar(String(dt.elementDataType).toUpperCase(), v);
  });
}

/** A declaration AMC would refuse: an unknown dataType, or a defaultValue of the wrong type. */
export function checkInputParameter(p: AmcInputParameter): void {
  const dt = p.dataType;
  const names = typeof dt === 'string' ? [dt] : [String(dt.type), String(dt.elementDataType)];
  const valid =
    typeof dt === 'string'
      ? SCALARS.includes(dt.toUpperCase())
      : names[0] === 'ARRAY' && SCALARS.includes(names[1]!.toUpperCase());
  if (!valid) throw new SimHttpError(400, `Invalid dataType ${JSON.stringify(dt)} for parameter ${p.name}.`);
  if (p.defaultValue !== undefined) typedValue(p, p.defaultValue, 'defaultValue');
}

/** `value` checked against the parameter's dataType; a 400 naming the parameter when it does not fit. */
export function typedValue(p: AmcInputParameter, value: unknown, what = 'value'): unknown {
  try {
    return typed(p.dataType, value);
  } catch (err) {
    if (!(err instanceof Mismatch)) throw err;
    const shown = JSON.stringify(value) ?? String(value);
    throw new SimHttpError(
      400,
      `Invalid ${what} for parameter ${p.name}: expected ${label(p.dataType)}, got ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}.`,
    );
  }
}

/** Each declared parameter's value for a run: the execution's value, else the defaultValue; typed. */
export function resolveParameters(
  params: AmcInputParameter[],
  given: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    const value = given[p.name] !== undefined ? given[p.name] : p.defaultValue;
    // [inferred] wording: AMC's text for a missing parameter value is not recorded.
    if (value === undefined)
      throw new SimHttpError(400, `No value was provided for parameter ${p.name}, and it has no defaultValue.`);
    out[p.name] = typedValue(p, value);
  }
  return out;
}
