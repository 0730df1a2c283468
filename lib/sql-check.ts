/**
 * The pre-flight check for real AMC (POST /api/workflows/check, /api/workflows/:id/check, and every save): in
 * milliseconds, from the same AMC SQL front end (amc/sql) and table catalog (amc/catalog) the simulator compiles
 * with, what AMC would refuse — a syntax error, an unknown or retired table, an unknown column, an AMC rule — and
 * what the parameter engine refuses, each with its line and column in the user's SQL and a suggestion where one
 * helps; plus warnings for what runs but may surprise (privacy thresholds, paid tables, parameters that cannot be
 * NULL or synced). It never refuses what the front end accepts: the corpus test runs it over every query.
 *
 * `{{x}}` placeholders are compiled as stand-ins with their declared types: a bare one as CUSTOM_PARAMETER('x'), one
 * inside a string literal as its default (or a sample of its type) escaped into the literal; positions are mapped
 * back through the edits (lib/sql-edits.ts).
 */
import { compileAmcSql, SqlCompileError, type CompiledSql, type DeclaredParameter } from '../amc/sql';
import { amcSqlCatalog } from '../amc/sql/amc-catalog-view';
import type { ParameterDefinition, ParameterType } from '../db/tables';
import { toAmcSavedWorkflowSql } from './amc-saved-workflow';
import { classifyCompileError } from './sql-check-compile';
import { outputWarnings, tableWarnings } from './sql-check-warnings';
import { at, type CheckItem } from './sql-check-item';
import { applyEdits, type EditedSql, type SqlEdit } from './sql-edits';
import { renderInLiteral } from './sql-literals';
import { ParameterError, parameterProblems, scanParameters } from './sql-parameters';
import type { ParameterUse } from './sql-parameter-uses';
import { regionAt } from './sql-scan';

export type { CheckItem } from './sql-check-item';

export interface DetectedParameter {
  name: string;
  style: 'placeholder' | 'custom_parameter';
  declared: boolean;
  /** A `{{name}}` written inside a string literal. */
  inLiteral?: boolean;
}

export interface SqlCheckReport {
  /** No errors: AMC (and RecomAMP) should accept the query as it stands. */
  ok: boolean;
  errors: CheckItem[];
  warnings: CheckItem[];
  parameters: DetectedParameter[];
  /** AMC tables the query reads (lower case), when it compiles. */
  tables: string[];
}

type Definitions = Record<string, ParameterDefinition>;

const PARAMETER_SUGGESTIONS: Record<string, (p: ParameterError) => string> = {
  UNDECLARED_PARAMETER: (p) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.parameter)
      ? `declare it: "parameters": { "${p.parameter}": { "type": "string" } } (or number, date, timestamp, string_list, number_list)`
      : 'parameter names are a letter or _ followed by letters, digits or _',
  UNUSED_PARAMETER: (p) =>
    `remove "${p.parameter}" from parameters, or use it as {{${p.parameter}}} or CUSTOM_PARAMETER('${p.parameter}')`,
  CONFLICTING_PARAMETER: (p) =>
    `write every use as CUSTOM_PARAMETER('${p.parameter}') (AMC substitutes it) or every use as {{${p.parameter}}} (RecomAMP renders it)`,
  MISPLACED_PARAMETER: () => "write the placeholder bare (x = {{name}}) or inside a string literal ('%{{name}}%')",
};

function parameterItem(sql: string, p: ParameterError): CheckItem {
  const suggestion = PARAMETER_SUGGESTIONS[p.code]?.(p);
  return at(sql, p.offset, { code: p.code, message: p.message, ...(suggestion && { suggestion }) });
}

const SAMPLES: Record<ParameterType, string> = {
  string: 'x',
  number: '1',
  date: '2000-01-01',
  timestamp: '2000-01-01T00:00:00',
  string_list: 'x',
  number_list: '1',
};

/** The AMC dataType a placeholder's stand-in compiles with (a bare list stands for its elements: `IN ({{l}})`). */
function standInType(def: ParameterDefinition | undefined): string | undefined {
  if (!def) return undefined;
  switch (def.type) {
    case 'string':
    case 'string_list':
      return 'STRING';
    case 'number':
    case 'number_list':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
  }
}

function literalStandIn(def: ParameterDefinition | undefined): string {
  if (!def) return SAMPLES.number;
  try {
    if (def.default !== undefined && def.default !== null) return renderInLiteral(def.type, def.default);
  } catch {
    // a bad default is reported as a parameter problem; compile with a sample
  }
  return SAMPLES[def.type];
}

/** The SQL the front end compiles: placeholders replaced by typed stand-ins, malformed ones by NULL. */
function compilableSql(
  sql: string,
  uses: ParameterUse[],
  parameters: Definitions,
): {
  edited: EditedSql;
  declared: DeclaredParameter[];
} {
  const edits: SqlEdit[] = [];
  const declared = new Map<string, DeclaredParameter>();
  const placeholderAt = new Set<number>();
  for (const u of uses) {
    const def = Object.hasOwn(parameters, u.name) ? parameters[u.name] : undefined;
    const scalar = standInType(def);
    const list = def?.type === 'string_list' || def?.type === 'number_list';
    if (!declared.has(u.name)) {
      // A CUSTOM_PARAMETER list is an ARRAY; a bare {{list}} expands into its elements (IN ({{list}})).
      const dataType =
        scalar && (u.style === 'custom_parameter' && list ? { type: 'ARRAY', elementDataType: scalar } : scalar);
      declared.set(u.name, { name: u.name, ...(dataType && { dataType }) });
    }
    if (u.style !== 'placeholder') continue;
    placeholderAt.add(u.offset);
    edits.push({
      offset: u.offset,
      length: u.length,
      text: u.literal ? literalStandIn(def) : `CUSTOM_PARAMETER('${u.name}')`,
    });
  }
  const regions = scanParameters(sql).regions;
  for (const m of sql.matchAll(/\{\{[^{}]*\}\}/g)) {
    if (!placeholderAt.has(m.index) && !regionAt(regions, m.index))
      edits.push({ offset: m.index, length: m[0].length, text: 'NULL' });
  }
  return { edited: applyEdits(sql, edits), declared: [...declared.values()] };
}

function detected(uses: ParameterUse[], parameters: Definitions): DetectedParameter[] {
  const out = new Map<string, DetectedParameter>();
  for (const u of uses) {
    const key = `${u.style}:${u.name}`;
    const inLiteral = u.style === 'placeholder' && u.literal !== undefined;
    const seen = out.get(key);
    if (seen) {
      if (inLiteral) seen.inLiteral = true;
      continue;
    }
    out.set(key, {
      name: u.name,
      style: u.style,
      declared: Object.hasOwn(parameters, u.name),
      ...(u.style === 'placeholder' && { inLiteral }),
    });
  }
  return [...out.values()];
}

/** Warnings about how placeholders will render or sync. */
function parameterWarnings(sql: string, uses: ParameterUse[], parameters: Definitions): CheckItem[] {
  const warnings: CheckItem[] = [];
  const seen = new Set<string>();
  for (const u of uses) {
    const def = Object.hasOwn(parameters, u.name) ? parameters[u.name]! : undefined;
    if (!def || u.style !== 'placeholder' || seen.has(u.name)) continue;
    const optional = def.required === false && (def.default === undefined || def.default === null);
    if (!optional) continue;
    seen.add(u.name);
    if (u.literal) {
      warnings.push(
        at(sql, u.offset, {
          code: 'PLACEHOLDER_NEEDS_VALUE',
          message: `{{${u.name}}} stands inside a string literal, so a run without a value for this optional parameter is refused (NULL cannot be written inside a literal)`,
          suggestion: `give "${u.name}" a default, or pass a value at every run`,
        }),
      );
    } else if (def.type === 'string_list' || def.type === 'number_list') {
      warnings.push(
        at(sql, u.offset, {
          code: 'OPTIONAL_LIST_RENDERS_NULL',
          message: `{{${u.name}}} is an optional list without a default: a run without a value renders NULL, and IN (NULL) matches no row`,
          suggestion: `for "all when empty", write CUSTOM_PARAMETER('${u.name}') IS NULL OR ARRAY_CONTAINS(CUSTOM_PARAMETER('${u.name}'), column)`,
        }),
      );
    }
  }
  try {
    toAmcSavedWorkflowSql(sql, parameters);
  } catch (err) {
    if (!(err instanceof ParameterError)) throw err;
    // Other parameter problems are errors of the check already.
    if (err.code === 'UNSYNCABLE_PARAMETER') {
      warnings.push(
        at(sql, err.offset, {
          code: 'UNSYNCABLE_PARAMETER',
          message: err.message,
          suggestion: `use CUSTOM_PARAMETER('${err.parameter}') in an expression AMC takes, or keep running it from RecomAMP`,
        }),
      );
    }
  }
  return warnings;
}

/** Items in the order of their place in the SQL; those without a place (unused declarations) last. */
function inTextOrder(items: CheckItem[]): CheckItem[] {
  const key = (i: CheckItem) => (i.line === undefined ? Infinity : i.line * 1e6 + (i.column ?? 0));
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => key(a.item) - key(b.item) || a.index - b.index)
    .map((x) => x.item);
}

/** The pre-flight check of a query and its parameter declarations. */
export function checkSql(sql: string, parameters: Definitions = {}): SqlCheckReport {
  const scan = scanParameters(sql);
  const errors = parameterProblems(sql, parameters).map((p) => parameterItem(sql, p));
  const { edited, declared } = compilableSql(sql, scan.uses, parameters);
  let compiled: CompiledSql | undefined;
  const warnings = parameterWarnings(sql, scan.uses, parameters);
  try {
    try {
      compiled = compileAmcSql(edited.sql, { catalog: amcSqlCatalog, parameters: declared });
    } catch (err) {
      if (!(err instanceof SqlCompileError)) throw err;
      errors.push(classifyCompileError(sql, edited, err));
    }
    if (compiled) warnings.push(...outputWarnings(sql, edited, compiled), ...tableWarnings(sql, edited, compiled));
  } catch (err) {
    // Thousands of nested parentheses or operators exhaust the stack of a recursive-descent parser.
    if (!(err instanceof RangeError)) throw err;
    compiled = undefined;
    errors.push({
      code: 'QUERY_TOO_DEEPLY_NESTED',
      message: 'the query nests expressions or subqueries too deeply to be analysed',
      suggestion: 'flatten the nesting (CTEs instead of nested subqueries, IN (…) instead of chained ORs)',
    });
  }
  return {
    ok: errors.length === 0,
    errors: inTextOrder(errors),
    warnings: inTextOrder(warnings),
    parameters: detected(scan.uses, parameters),
    tables: compiled ? [...compiled.tables].sort() : [],
  };
}
