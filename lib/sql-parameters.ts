/**
 * The parameter engine: `{{name}}` placeholders in a saved query, rendered into SQL literals that cannot be
 * broken out of. Every value is validated against its declared type and then written as a literal we build
 * ourselves (numbers from a parsed number, strings with quotes doubled), never pasted as raw text.
 */
import type { ParameterDefinition, ParameterType } from '../db/tables';

export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class ParameterError extends Error {
  constructor(
    readonly code: 'UNDECLARED_PARAMETER' | 'UNUSED_PARAMETER' | 'MISSING_PARAMETER' | 'INVALID_PARAMETER',
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export function placeholdersOf(sql: string): string[] {
  return [...new Set([...sql.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Every placeholder must be declared and every declaration used; the first problem is thrown with its name. */
export function checkDeclarations(sql: string, parameters: Record<string, ParameterDefinition>): void {
  const used = placeholdersOf(sql);
  for (const name of used) {
    if (!(name in parameters)) {
      throw new ParameterError('UNDECLARED_PARAMETER', name, `placeholder {{${name}}} is not declared in parameters`);
    }
  }
  for (const name of Object.keys(parameters)) {
    if (!used.includes(name)) {
      throw new ParameterError('UNUSED_PARAMETER', name, `parameter "${name}" is declared but not used in sqlQuery`);
    }
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

function quote(s: string): string {
  if (s.includes('\u0000')) throw new Error('NUL characters are not allowed');
  return `'${s.replace(/'/g, "''")}'`;
}

function validDate(s: string): boolean {
  const d = new Date(`${s.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
}

function scalar(type: 'string' | 'number' | 'date' | 'timestamp', value: unknown): string {
  switch (type) {
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error('must be a finite number');
      return String(n);
    }
    case 'string':
      if (typeof value !== 'string') throw new Error('must be a string');
      return quote(value);
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || !validDate(value)) throw new Error('must be a date yyyy-MM-dd');
      return quote(value);
    case 'timestamp': {
      // AMC wants zone-less timestamps: a trailing Z or offset is refused rather than silently shifted.
      if (typeof value !== 'string' || !TIMESTAMP.test(value) || !validDate(value)) {
        throw new Error("must be a zone-less timestamp yyyy-MM-ddTHH:mm:ss");
      }
      return quote(value.replace(' ', 'T'));
    }
  }
}

function renderValue(type: ParameterType, value: unknown): string {
  if (type === 'string_list' || type === 'number_list') {
    if (!Array.isArray(value) || value.length === 0) throw new Error('must be a non-empty array');
    const element = type === 'string_list' ? 'string' : 'number';
    return value.map((v) => scalar(element, v)).join(', ');
  }
  return scalar(type, value);
}

/** Resolves values (given > default), checks them, and returns the SQL with every placeholder replaced. */
export function renderSql(
  sql: string,
  parameters: Record<string, ParameterDefinition>,
  values: Record<string, unknown> = {},
): { sql: string; values: Record<string, unknown> } {
  checkDeclarations(sql, parameters);
  for (const name of Object.keys(values)) {
    if (!(name in parameters)) throw new ParameterError('UNDECLARED_PARAMETER', name, `unknown parameter "${name}"`);
  }
  const resolved: Record<string, unknown> = {};
  const literals: Record<string, string> = {};
  for (const [name, def] of Object.entries(parameters)) {
    const value = values[name] ?? def.default;
    if (value === undefined || value === null) {
      // A placeholder must become some literal, so even an optional parameter needs a value or a default.
      throw new ParameterError('MISSING_PARAMETER', name, `parameter "${name}" has no value and no default`);
    }
    try {
      literals[name] = renderValue(def.type, value);
    } catch (err) {
      throw new ParameterError('INVALID_PARAMETER', name, `parameter "${name}" ${(err as Error).message}`);
    }
    resolved[name] = value;
  }
  return { sql: sql.replace(PLACEHOLDER, (_m, name: string) => literals[name]!), values: resolved };
}
