/**
 * A saved query as an AMC saved workflow (POST /api/workflows/:id/sync): AMC stores the SQL once and takes values
 * per execution, so every parameter becomes an AMC inputParameter and every use a `CUSTOM_PARAMETER('name')`:
 * - `CUSTOM_PARAMETER('x')` stays as written;
 * - a bare `{{x}}` becomes `CUSTOM_PARAMETER('x')`;
 * - a string placeholder that is a whole literal (`= '{{x}}'`) becomes `CUSTOM_PARAMETER('x')`, one inside a
 *   longer literal (`LIKE '%{{x}}%'`) becomes `CONCAT('%', CUSTOM_PARAMETER('x'), '%')`, and `DATE '{{d}}'` /
 *   `TIMESTAMP '{{t}}'` of a date / timestamp parameter become `CUSTOM_PARAMETER('d')`.
 * What AMC cannot take as an expression — `INTERVAL '{{n}}' DAY`, `EXTEND_TIME_WINDOW('t', 'P{{n}}D')`, a number
 * inside a literal — has no saved-workflow form: UNSYNCABLE_PARAMETER names it (such a query still runs, since a
 * run renders the value into the literal). AMC reports compile errors against the SQL it was sent;
 * `toOriginalPosition` maps a line/column back to our text.
 */
import type { AmcInputParameter } from '../amc/client/types';
import type { ParameterDefinition } from '../db/tables';
import { amcInputParameter } from './amc-parameters';
import { ParameterError } from './parameter-error';
import { applyEdits, type SqlEdit } from './sql-edits';
import { amcParameterValue } from './sql-literals';
import { checkDeclarations, scanParameters } from './sql-parameters';
import type { PlaceholderUse } from './sql-parameter-uses';
import { regionAt, type SqlRegion } from './sql-scan';

export interface AmcSavedWorkflowSql {
  sqlQuery: string;
  inputParameters: AmcInputParameter[];
  /** AMC's (1-based) line/column in sqlQuery → the same place in our SQL. */
  toOriginalPosition(line: number, column: number): { line: number; column: number };
}

const custom = (name: string) => `CUSTOM_PARAMETER('${name}')`;

/** The word written just before `offset` (skipping spaces), upper-cased, unless it sits in a literal or comment. */
function wordBefore(sql: string, regions: SqlRegion[], offset: number): { word: string; start: number } | undefined {
  const m = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(sql.slice(0, offset));
  if (!m || regionAt(regions, m.index)) return undefined;
  return { word: m[1]!.toUpperCase(), start: m.index };
}

/** The function whose argument list holds `offset`, if any (parentheses in literals and comments skipped). */
function enclosingCall(sql: string, regions: SqlRegion[], offset: number): string | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const region = regionAt(regions, i);
    if (region) {
      i = region.start;
      continue;
    }
    if (sql[i] === ')') depth++;
    else if (sql[i] === '(' && depth-- === 0) return wordBefore(sql, regions, i)?.word;
  }
  return undefined;
}

function unsyncable(use: PlaceholderUse, why: string): ParameterError {
  return new ParameterError(
    'UNSYNCABLE_PARAMETER',
    use.name,
    `{{${use.name}}} ${why}, which an AMC saved workflow cannot take as CUSTOM_PARAMETER('${use.name}'); ` +
      'the query still runs from RecomAMP (its value is written into the literal), but it cannot be synced to AMC',
    use.offset,
  );
}

/** The edit that turns one string literal holding placeholders into an AMC expression. */
function literalEdit(
  sql: string,
  regions: SqlRegion[],
  literal: SqlRegion,
  uses: PlaceholderUse[],
  parameters: Record<string, ParameterDefinition>,
): SqlEdit {
  const first = uses[0]!;
  const whole =
    uses.length === 1 && first.offset === literal.start + 1 && first.offset + first.length === literal.end - 1;
  const before = wordBefore(sql, regions, literal.start);
  const type = parameters[first.name]!.type;
  if (
    whole &&
    before &&
    ((before.word === 'DATE' && type === 'date') || (before.word === 'TIMESTAMP' && type === 'timestamp'))
  )
    return { offset: before.start, length: literal.end - before.start, text: custom(first.name) };
  if (before && ['INTERVAL', 'DATE', 'TIMESTAMP', 'TIME'].includes(before.word))
    throw unsyncable(first, `stands inside ${before.word} '…'`);
  const call = enclosingCall(sql, regions, literal.start);
  if (call === 'EXTEND_TIME_WINDOW') throw unsyncable(first, 'stands inside an EXTEND_TIME_WINDOW argument');
  const notString = uses.find((u) => parameters[u.name]!.type !== 'string');
  if (notString) throw unsyncable(notString, `is a ${parameters[notString.name]!.type} inside a string literal`);
  if (whole) return { offset: literal.start, length: literal.end - literal.start, text: custom(first.name) };
  const parts: string[] = [];
  let at = literal.start + 1;
  for (const u of uses) {
    if (u.offset > at) parts.push(`'${sql.slice(at, u.offset)}'`);
    parts.push(custom(u.name));
    at = u.offset + u.length;
  }
  if (literal.end - 1 > at) parts.push(`'${sql.slice(at, literal.end - 1)}'`);
  return { offset: literal.start, length: literal.end - literal.start, text: `CONCAT(${parts.join(', ')})` };
}

export function toAmcSavedWorkflowSql(
  sql: string,
  parameters: Record<string, ParameterDefinition>,
): AmcSavedWorkflowSql {
  checkDeclarations(sql, parameters);
  const { uses, regions } = scanParameters(sql);
  const edits: SqlEdit[] = [];
  const literals = new Map<SqlRegion, PlaceholderUse[]>();
  for (const u of uses) {
    if (u.style !== 'placeholder') continue;
    if (u.literal) literals.set(u.literal, [...(literals.get(u.literal) ?? []), u]);
    else edits.push({ offset: u.offset, length: u.length, text: custom(u.name) });
  }
  for (const [literal, inside] of literals) edits.push(literalEdit(sql, regions, literal, inside, parameters));
  const edited = applyEdits(sql, edits);
  // In order of first use (a stored declaration map's key order is not kept by Postgres jsonb).
  const inputParameters = [...new Set(uses.map((u) => u.name))].map((name) => {
    const def = parameters[name]!;
    const hasDefault = def.default !== undefined && def.default !== null;
    const defaultValue = hasDefault
      ? amcParameterValue(def.type, def.default)
      : def.required === false
        ? null
        : undefined;
    return {
      ...amcInputParameter(name, def, hasDefault ? defaultValue : undefined),
      // [inferred] an optional parameter without a default is declared with a null default, so a run at AMC may
      // omit it (AMC documents only that a parameter without defaultValue needs a value at every execution).
      ...(defaultValue !== undefined && { defaultValue }),
    };
  });
  return { sqlQuery: edited.sql, inputParameters, toOriginalPosition: edited.toOriginalPosition };
}
