/**
 * The AMC SQL front end: parse (parser.ts), resolve and type against the table catalog (analyze.ts), then apply
 * AMC's documented rules (rules.ts). Everything it refuses is something AMC refuses too: a syntax error, an unknown
 * table or column, an undeclared parameter, a documented rule. It never refuses SQL for what a sandbox cannot run.
 */
import type { AmcOutputColumn } from '../client/types';
import type { Analysis } from './analysis';
import { analyze } from './analyze';
import type { Query } from './ast';
import type { SqlCatalog } from './catalog';
import { SqlCompileError, SqlRefusal, locate } from './errors';
import { parseAmcSql } from './parser';
import { checkAmcRules } from './rules';
import { normalizeType, type SqlType } from './types';

export { SqlCompileError } from './errors';
export type { SqlCatalog, CatalogTable, CatalogColumn, ThresholdClass } from './catalog';
export type { Analysis } from './analysis';

export interface DeclaredParameter {
  name: string;
  /** AMC dataType: "STRING", "INTEGER", "DATE", … or { type: "ARRAY", elementDataType } */
  dataType?: string | { type: string; elementDataType?: string };
}

export interface CompileOptions {
  catalog: SqlCatalog;
  parameters: DeclaredParameter[];
}

export interface CompiledSql {
  ast: Query;
  analysis: Analysis;
  outputColumns: AmcOutputColumn[];
  /** Lower-case names of the AMC tables read. */
  tables: string[];
  customParameters: string[];
  /** The query reads *_for_audiences tables: an audience query (user_id output allowed). */
  audience: boolean;
}

const BUILT_INS = new Set(['TIME_WINDOW_START', 'TIME_WINDOW_END']);

/** Compiles AMC SQL or throws SqlCompileError (AMC's "From line L, column C …" wording where there is a position). */
export function compileAmcSql(sqlQuery: string, options: CompileOptions): CompiledSql {
  const sql = sqlQuery;
  try {
    const ast = parseAmcSql(sql);
    const analysis = analyze(ast, { catalog: options.catalog, parameterTypes: parameterTypes(options.parameters) });
    const declared = new Set(options.parameters.map((p) => p.name));
    for (const p of analysis.customParameters) if (!declared.has(p.name)) throw undeclared(p.name);
    for (const p of analysis.builtInParameters) if (!BUILT_INS.has(p.name.toUpperCase())) throw undeclared(p.name);
    checkAmcRules(ast, analysis);
    return {
      ast,
      analysis,
      outputColumns: analysis.output.map((c) => outputColumn(c.name, c.type, c.metric)),
      tables: [...analysis.tables],
      customParameters: [...new Set(analysis.customParameters.map((p) => p.name))],
      audience: analysis.audience,
    };
  } catch (err) {
    if (err instanceof SqlRefusal)
      throw locate(sql, Math.min(err.offset, Math.max(0, sql.length - 1)), err.length, err.message, err.rule);
    throw err;
  }
}

/** The details text of AMC's compile-failure 400 (recorded prefix, reference §5.2/§5.3). */
export function compileErrorDetails(workflowId: string, err: SqlCompileError): string {
  return `Was unable to compile workflow ${workflowId} because it was found to be invalid: ${err.message}`;
}

function undeclared(name: string): SqlCompileError {
  // Recorded AMC wording (reference §5.2); the operation name in it is AMC-internal.
  return new SqlCompileError(`Filter operation filter_operation referenced an undeclared parameter ${name}.`);
}

function parameterTypes(params: DeclaredParameter[]): Map<string, SqlType> {
  const out = new Map<string, SqlType>();
  for (const p of params) {
    const dt = p.dataType;
    if (dt === undefined) continue;
    out.set(
      p.name,
      typeof dt === 'string' ? normalizeType(dt) : `ARRAY<${normalizeType(dt.elementDataType ?? 'STRING')}>`,
    );
  }
  return out;
}

/** AMC's outputColumns shape: DECIMAL(p,s) split into dataType + precision/scale; unknown types read as STRING. */
function outputColumn(name: string, type: SqlType, metric: boolean): AmcOutputColumn {
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  const base: AmcOutputColumn = {
    name,
    columnType: metric ? 'METRIC' : 'DIMENSION',
    dataType: dec
      ? 'DECIMAL'
      : /^(UNKNOWN|NULL|STRUCT|INTERVAL)$/.test(type)
        ? 'STRING'
        : type.startsWith('ARRAY')
          ? 'ARRAY'
          : type,
  };
  if (dec) {
    base.dataTypePrecision = Number(dec[1]);
    base.dataTypeScale = Number(dec[2]);
  }
  return base;
}
