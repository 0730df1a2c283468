/**
 * AMC SQL "compile" step: a real parse with node-sql-parser's trino dialect (it accepted every AMC-style
 * construct tried: CTEs, COUNT(DISTINCT), CASE, EXTRACT, window functions, UNION ALL, CAST to DECIMAL(38,4))
 * after rewriting CUSTOM_PARAMETER / BUILT_IN_PARAMETER / TABLE(EXTEND_TIME_WINDOW(...)) (sql-text.ts).
 * Then AMC's rules: known tables only, at least one aggregation, no LIMIT, no ORDER BY outside OVER,
 * declared parameters only. Message wording follows recorded AMC errors where known; the rest is [inferred].
 */
import { Parser } from 'node-sql-parser';
import type { AmcOutputColumn } from '../client/types';
import { isKnownTable, retiredTableHint } from './catalog';
import { AGGREGATE_FUNCTIONS, selectOutput, toOutputColumns } from './sql-columns';
import { maskSql, orderByOutsideOver, positionAt, preprocessSql, tokenLengthAt } from './sql-text';

type Node = any;

export class SqlCompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface CompiledQuery {
  outputColumns: AmcOutputColumn[];
  tables: string[];
  customParameters: string[];
}

const BUILT_INS = new Set(['TIME_WINDOW_START', 'TIME_WINDOW_END']);
const parser = new Parser();

/** The `details` text of AMC's compile-failure 400 (recorded prefix, reference §5.2/§5.3). */
export function compileErrorDetails(workflowId: string, err: SqlCompileError): string {
  return `Was unable to compile workflow ${workflowId} because it was found to be invalid: ${err.message}`;
}

export function compileAmcSql(sqlQuery: string, declaredParameters: string[]): CompiledQuery {
  const sql = sqlQuery.replace(/[\s;]+$/, '');
  if (sql.trim() === '') throw new SqlCompileError('SQL query was invalid: the query is empty');
  const masked = maskSql(sql);
  const pre = preprocessSql(sql, masked);

  const declared = new Set(declaredParameters);
  for (const p of pre.customParameters) if (!declared.has(p.name)) throw undeclared(p.name);
  for (const p of pre.builtInParameters) if (!BUILT_INS.has(p.name.toUpperCase())) throw undeclared(p.name);

  let ast: Node;
  try {
    ast = parser.astify(pre.text, { database: 'trino', parseOptions: { includeLocations: true } });
  } catch (err) {
    throw syntaxError(pre.text, err);
  }
  const statements: Node[] = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) throw at(sql, 0, 'SQL query was invalid: exactly one statement is allowed');
  const root = statements[0];
  if (root?.type !== 'select') throw at(sql, 0, 'SQL query was invalid: only SELECT queries are supported');

  const selects = collectSelects(root);
  const cteNames = new Set(selects.flatMap((s) => (s.with ?? []).map((w: Node) => nameOf(w.name).toLowerCase())));
  const tables = new Set<string>();
  for (const s of selects) {
    for (const f of s.from ?? []) {
      if (typeof f.table !== 'string') continue;
      const name = f.table;
      if (cteNames.has(name.toLowerCase())) continue;
      if (!isKnownTable(name))
        throw at(sql, tableOffset(masked, f, name), `Object '${name}' not found${retiredTableHint(name)}`, name.length);
      tables.add(name.toLowerCase());
    }
  }

  const limited = selects.find((s) => (s.limit?.value?.length ?? 0) > 0);
  if (limited) throw at(sql, keywordOffset(masked, /\bLIMIT\b/i), 'LIMIT is not supported in AMC queries', 5);
  if (selects.some((s) => (s.orderby?.length ?? 0) > 0)) {
    const offset = orderByOutsideOver(masked)[0] ?? 0;
    throw at(sql, offset, 'ORDER BY is only supported inside a window function OVER (...) clause', 5);
  }
  if (!selects.some((s) => (s.groupby?.columns?.length ?? 0) > 0) && !hasAggregate(root)) {
    throw at(
      sql,
      keywordOffset(masked, /\bSELECT\b/i),
      'Query must contain at least one aggregation (GROUP BY or an aggregate function); event-level output is not allowed',
      6,
    );
  }

  return {
    outputColumns: toOutputColumns(selectOutput(root)),
    tables: [...tables],
    customParameters: [...new Set(pre.customParameters.map((p) => p.name))],
  };
}

function undeclared(name: string): SqlCompileError {
  // Recorded AMC wording (reference §5.2); the operation name in it is AMC-internal.
  return new SqlCompileError(`Filter operation filter_operation referenced an undeclared parameter ${name}.`);
}

/** "From line L, column C to line L2, column C2: message" — the Calcite-style position AMC reports. */
function at(text: string, offset: number, message: string, length = tokenLengthAt(text, offset)): SqlCompileError {
  const start = positionAt(text, offset);
  const end = positionAt(text, offset + Math.max(1, length) - 1);
  return new SqlCompileError(
    `From line ${start.line}, column ${start.column} to line ${end.line}, column ${end.column}: ${message}`,
    start.line,
    start.column,
  );
}

function syntaxError(text: string, err: unknown): SqlCompileError {
  const e = err as {
    location?: { start?: { offset?: number } };
    expected?: { type: string; text?: string }[];
    message?: string;
  };
  const offset = e.location?.start?.offset;
  if (typeof offset !== 'number') return new SqlCompileError(`SQL query was invalid: ${e.message ?? String(err)}`);
  const length = tokenLengthAt(text, offset);
  const found = offset >= text.length ? '<EOF>' : text.slice(offset, offset + length);
  const literals = (e.expected ?? []).filter((x) => x.type === 'literal' && x.text && /^[A-Z(),]/.test(x.text));
  const expected = [...new Set(literals.map((x) => `"${x.text}"`))].slice(0, 8);
  const hint = expected.length > 0 ? `. Was expecting one of: ${expected.join(', ')}` : '';
  return at(text, Math.min(offset, Math.max(0, text.length - 1)), `Encountered "${found}"${hint}`, length);
}

/** Every SELECT node in the tree: CTE bodies, subqueries ({ast}), UNION branches (_next). */
function collectSelects(root: Node): Node[] {
  const out: Node[] = [];
  const seen = new Set<Node>();
  const walk = (n: Node) => {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (!Array.isArray(n) && n.type === 'select') out.push(n);
    for (const v of Object.values(n)) walk(v);
  };
  walk(root);
  return out;
}

function hasAggregate(n: Node): boolean {
  if (!n || typeof n !== 'object') return false;
  if (n.type === 'aggr_func') return true;
  if (n.type === 'function' && AGGREGATE_FUNCTIONS.has(nameOf(n.name).toUpperCase())) return true;
  return Object.values(n).some((v) => hasAggregate(v));
}

function nameOf(v: Node): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v?.name)) return v.name.map((p: Node) => p.value).join('.');
  return String(v?.value ?? '');
}

function tableOffset(masked: string, from: Node, name: string): number {
  const start = from.loc?.start?.offset ?? 0;
  const re = new RegExp(`\\b${name.replace(/[^A-Za-z0-9_]/g, '')}\\b`, 'i');
  const hit = re.exec(masked.slice(start));
  if (hit) return start + hit.index;
  return keywordOffset(masked, re);
}

function keywordOffset(masked: string, re: RegExp): number {
  return re.exec(masked)?.index ?? 0;
}
