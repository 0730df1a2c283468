/**
 * The parameter engine: `{{name}}` placeholders in a saved query, rendered into SQL literals that cannot be
 * broken out of. Every value is validated against its declared type and then written as a literal we build
 * ourselves (numbers from a parsed number, strings with quotes doubled), never pasted as raw text.
 *
 * Semantics:
 * - A value comes from the request, else the definition's `default`; null counts as "not given".
 * - With neither: `required: false` renders SQL NULL; otherwise (the default) → MISSING_PARAMETER.
 * - Placeholders must all be declared, every declaration used, and none may sit inside a string literal,
 *   quoted identifier or comment (MISPLACED_PARAMETER): rendered there, a quote in the value would close it.
 * - Defaults are validated when the query is saved, so a bad default is a 400 at save time, not at run time.
 */
import type { ParameterDefinition, ParameterType } from '../db/tables';
import { regionAt, sqlRegions } from './sql-scan';
import { renderValue } from './sql-literals';

export { PARAMETER_LIMITS, renderValue } from './sql-literals';

export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Anything that looks like a placeholder, well-formed or not. */
const ANY_BRACES = /\{\{([^{}]*)\}\}/g;

export type ParameterErrorCode =
  'UNDECLARED_PARAMETER' | 'UNUSED_PARAMETER' | 'MISSING_PARAMETER' | 'INVALID_PARAMETER' | 'MISPLACED_PARAMETER';

export class ParameterError extends Error {
  constructor(
    readonly code: ParameterErrorCode,
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export function placeholdersOf(sql: string): string[] {
  return [...new Set([...sql.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const KIND_WORDS = {
  string: 'a string literal',
  identifier: 'a quoted identifier',
  line_comment: 'a comment',
  block_comment: 'a comment',
};

/** Placeholders must stand where a literal may stand: not inside quotes or comments, and well-formed. */
function checkPlacement(sql: string): void {
  const regions = sqlRegions(sql);
  for (const m of sql.matchAll(ANY_BRACES)) {
    const name = m[1]!.trim();
    const region = regionAt(regions, m.index);
    if (region) {
      throw new ParameterError(
        'MISPLACED_PARAMETER',
        name,
        `placeholder {{${name}}} is inside ${KIND_WORDS[region.kind]}; write it bare, the engine adds the quotes`,
      );
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new ParameterError('UNDECLARED_PARAMETER', name, `placeholder {{${name}}} is not a valid parameter name`);
    }
  }
}

/** A definition's default must itself be a valid value of its type. */
function checkDefault(name: string, def: ParameterDefinition): void {
  if (def.default === undefined || def.default === null) return;
  try {
    renderValue(def.type, def.default);
  } catch (err) {
    throw new ParameterError('INVALID_PARAMETER', name, `default of parameter "${name}" ${(err as Error).message}`);
  }
}

/**
 * Every placeholder must be well placed and declared, every declaration used, every default valid; the first
 * problem is thrown with the parameter's name.
 */
export function checkDeclarations(sql: string, parameters: Record<string, ParameterDefinition>): void {
  checkPlacement(sql);
  const used = placeholdersOf(sql);
  for (const name of used) {
    if (!Object.hasOwn(parameters, name)) {
      throw new ParameterError('UNDECLARED_PARAMETER', name, `placeholder {{${name}}} is not declared in parameters`);
    }
  }
  for (const [name, def] of Object.entries(parameters)) {
    if (!used.includes(name)) {
      throw new ParameterError('UNUSED_PARAMETER', name, `parameter "${name}" is declared but not used in sqlQuery`);
    }
    checkDefault(name, def);
  }
}

/** The value a run uses: given > default > NULL when optional; undefined means missing. */
function resolveValue(def: ParameterDefinition, given: unknown): unknown {
  if (given !== undefined && given !== null) return given;
  if (def.default !== undefined && def.default !== null) return def.default;
  return def.required === false ? null : undefined;
}

/** Resolves values, checks them, and returns the SQL with every placeholder replaced by a safe literal. */
export function renderSql(
  sql: string,
  parameters: Record<string, ParameterDefinition>,
  values: Record<string, unknown> = {},
): { sql: string; values: Record<string, unknown> } {
  checkDeclarations(sql, parameters);
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(parameters, name))
      throw new ParameterError('UNDECLARED_PARAMETER', name, `unknown parameter "${name}"`);
  }
  const resolved: Record<string, unknown> = {};
  const literals: Record<string, string> = {};
  for (const [name, def] of Object.entries(parameters)) {
    const value = resolveValue(def, values[name]);
    if (value === undefined) {
      throw new ParameterError(
        'MISSING_PARAMETER',
        name,
        `parameter "${name}" is required and has no value and no default`,
      );
    }
    try {
      literals[name] = value === null ? 'NULL' : renderValue(def.type as ParameterType, value);
    } catch (err) {
      throw new ParameterError('INVALID_PARAMETER', name, `parameter "${name}" ${(err as Error).message}`);
    }
    resolved[name] = value;
  }
  return { sql: sql.replace(PLACEHOLDER, (_m, name: string) => literals[name]!), values: resolved };
}
