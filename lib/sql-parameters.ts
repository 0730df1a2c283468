/**
 * The parameter engine. A saved query declares every parameter it uses in one `parameters` map, whichever way the
 * SQL uses it (lib/sql-parameter-uses.ts):
 * - `{{name}}` is rendered by us into a literal that cannot be broken out of: validated against its declared type,
 *   then written as text we build (numbers from a parsed number, strings with quotes doubled). Inside a string
 *   literal (`'%{{term}}%'`, `INTERVAL '{{days}}' DAY`) the value's text is escaped into that literal.
 * - `CUSTOM_PARAMETER('name')` stays in the SQL: AMC substitutes it. We validate the value and send it as the
 *   ad-hoc workflow's inputParameters + parameterValues (lib/amc-parameters.ts).
 *
 * Semantics:
 * - A value comes from the request, else the definition's `default`; null counts as "not given".
 * - With neither: `required: false` means SQL NULL (a placeholder renders NULL; a CUSTOM_PARAMETER is sent as
 *   null, which Amazon's instructional queries read as "all"); otherwise → MISSING_PARAMETER. A placeholder
 *   inside a string literal cannot be NULL: it needs a value.
 * - An empty list is a value of a CUSTOM_PARAMETER list ("all" in Amazon's queries); a placeholder list renders
 *   `IN (…)` and must have elements.
 * - Every use must be declared, every declaration used, and one name may not be both `{{x}}` and
 *   `CUSTOM_PARAMETER('x')` (CONFLICTING_PARAMETER): the two would reach AMC differently.
 * - Defaults are validated when the query is saved, so a bad default is a 400 at save time, not at run time.
 */
import type { AmcInputParameter } from '../amc/client/types';
import type { ParameterDefinition, ParameterType } from '../db/tables';
import { amcInputParameter, type AmcParameters } from './amc-parameters';
import { ParameterError } from './parameter-error';
import { scanParameters, type ParameterUse } from './sql-parameter-uses';
import { amcParameterValue, renderInLiteral, renderValue } from './sql-literals';

export { PARAMETER_LIMITS, renderValue } from './sql-literals';
export { ParameterError, PARAMETER_ERROR_CODES, type ParameterErrorCode } from './parameter-error';
export { PLACEHOLDER, customParametersOf, placeholdersOf, scanParameters } from './sql-parameter-uses';
export type { AmcParameters } from './amc-parameters';

type Definitions = Record<string, ParameterDefinition>;

const isList = (type: ParameterType) => type === 'string_list' || type === 'number_list';
const showUse = (u: ParameterUse) => (u.style === 'placeholder' ? `{{${u.name}}}` : `CUSTOM_PARAMETER('${u.name}')`);

/** Checks a value of a parameter used as `uses` (all one style); returns what a run carries. Throws plain Errors. */
function checkValue(def: ParameterDefinition, uses: ParameterUse[], value: unknown): unknown {
  if (uses[0]?.style === 'custom_parameter') return amcParameterValue(def.type, value);
  for (const u of uses) {
    if (u.style === 'placeholder' && u.literal) renderInLiteral(def.type, value);
    else renderValue(def.type, value);
  }
  return value;
}

/** Problems between the uses and the declarations: undeclared, conflicting, misplaced lists, unused, bad defaults. */
function declarationProblems(uses: ParameterUse[], parameters: Definitions): ParameterError[] {
  const problems: ParameterError[] = [];
  const byName = new Map<string, ParameterUse[]>();
  for (const u of uses) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
  const customNames = new Map(uses.filter((u) => u.style === 'custom_parameter').map((u) => [u.name.toLowerCase(), u]));
  for (const [name, named] of byName) {
    const first = named[0]!;
    if (!Object.hasOwn(parameters, name)) {
      problems.push(
        new ParameterError(
          'UNDECLARED_PARAMETER',
          name,
          `${showUse(first)} is not declared in parameters`,
          first.offset,
        ),
      );
    }
    const placeholder = named.find((u) => u.style === 'placeholder');
    const custom = placeholder && customNames.get(name.toLowerCase());
    if (placeholder && custom) {
      problems.push(
        new ParameterError(
          'CONFLICTING_PARAMETER',
          name,
          `{{${name}}} and CUSTOM_PARAMETER('${custom.name}') name one parameter two ways (RecomAMP renders the first, AMC substitutes the second); use one of them`,
          custom.offset,
        ),
      );
      continue;
    }
    const def = parameters[name];
    const inLiteral = named.find((u) => u.style === 'placeholder' && u.literal);
    if (def && inLiteral && isList(def.type)) {
      problems.push(
        new ParameterError(
          'MISPLACED_PARAMETER',
          name,
          `placeholder {{${name}}} is a ${def.type} inside a string literal; a list stands bare, e.g. IN ({{${name}}})`,
          inLiteral.offset,
        ),
      );
    }
  }
  for (const [name, def] of Object.entries(parameters)) {
    const named = byName.get(name);
    if (!named) {
      problems.push(
        new ParameterError('UNUSED_PARAMETER', name, `parameter "${name}" is declared but not used in sqlQuery`),
      );
      continue;
    }
    if (def.default === undefined || def.default === null) continue;
    try {
      checkValue(def, named, def.default);
    } catch (err) {
      problems.push(
        new ParameterError('INVALID_PARAMETER', name, `default of parameter "${name}" ${(err as Error).message}`),
      );
    }
  }
  return problems;
}

/** Every problem of the SQL's parameter uses and declarations (none means the query can be saved). */
export function parameterProblems(sql: string, parameters: Definitions): ParameterError[] {
  const scan = scanParameters(sql);
  const problems = [...scan.problems];
  // A use the scan refused is reported once, not again as undeclared.
  const refused = new Set(problems.map((p) => p.parameter));
  const uses = scan.uses.filter((u) => !refused.has(u.name));
  return [...problems, ...declarationProblems(uses, parameters)];
}

/** Throws the first parameter problem, with the parameter's name. */
export function checkDeclarations(sql: string, parameters: Definitions): void {
  const [first] = parameterProblems(sql, parameters);
  if (first) throw first;
}

/** The value a run uses: given > default > NULL when optional; undefined means missing. */
function resolveValue(def: ParameterDefinition, given: unknown): unknown {
  if (given !== undefined && given !== null) return given;
  if (def.default !== undefined && def.default !== null) return def.default;
  return def.required === false ? null : undefined;
}

export interface RenderedSql {
  /** The SQL with every `{{name}}` replaced; `CUSTOM_PARAMETER('name')` calls left for AMC. */
  sql: string;
  /** The value each declared parameter had for this run (null for an optional one without a value). */
  values: Record<string, unknown>;
  /** The AMC-native parameters' declarations and values, when the SQL uses CUSTOM_PARAMETER. */
  amcParameters?: AmcParameters;
}

/** Resolves values, checks them, renders the placeholders and collects what AMC needs for CUSTOM_PARAMETERs. */
export function renderSql(sql: string, parameters: Definitions, values: Record<string, unknown> = {}): RenderedSql {
  checkDeclarations(sql, parameters);
  for (const name of Object.keys(values)) {
    if (!Object.hasOwn(parameters, name))
      throw new ParameterError('UNDECLARED_PARAMETER', name, `unknown parameter "${name}"`);
  }
  const uses = scanParameters(sql).uses;
  const resolved: Record<string, unknown> = {};
  const inputParameters: AmcInputParameter[] = [];
  // In order of first use: a stored declaration map's key order is not kept (Postgres jsonb), the SQL's is.
  for (const name of new Set(uses.map((u) => u.name))) {
    const def = parameters[name]!;
    const named = uses.filter((u) => u.name === name);
    const value = resolveValue(def, values[name]);
    const inLiteral = named.some((u) => u.style === 'placeholder' && u.literal);
    if (value === undefined || (value === null && inLiteral)) {
      throw new ParameterError(
        'MISSING_PARAMETER',
        name,
        value === undefined
          ? `parameter "${name}" is required and has no value and no default`
          : `parameter "${name}" stands inside a string literal and needs a value (NULL cannot be written inside a literal)`,
      );
    }
    try {
      resolved[name] = value === null ? null : checkValue(def, named, value);
    } catch (err) {
      throw new ParameterError('INVALID_PARAMETER', name, `parameter "${name}" ${(err as Error).message}`);
    }
    if (named[0]?.style === 'custom_parameter') inputParameters.push(amcInputParameter(name, def, resolved[name]));
  }
  let out = '';
  let at = 0;
  for (const u of uses) {
    if (u.style !== 'placeholder') continue;
    const { type } = parameters[u.name]!;
    const value = resolved[u.name];
    const text = u.literal ? renderInLiteral(type, value) : value === null ? 'NULL' : renderValue(type, value);
    out += sql.slice(at, u.offset) + text;
    at = u.offset + u.length;
  }
  out += sql.slice(at);
  const rendered: RenderedSql = { sql: out, values: resolved };
  if (inputParameters.length > 0) {
    const names = new Set(inputParameters.map((p) => p.name));
    rendered.amcParameters = {
      inputParameters,
      parameterValues: Object.fromEntries(Object.entries(resolved).filter(([k]) => names.has(k))),
    };
  }
  return rendered;
}
