/**
 * Turns a compiled AMC query into SQL the sandbox engine (DuckDB) runs:
 * - CUSTOM_PARAMETER('x') → the run's value as a literal; BUILT_IN_PARAMETER('TIME_WINDOW_START'/'END') → timestamps;
 *   TABLE(EXTEND_TIME_WINDOW('t', before, after)) → a view of t over the widened window;
 * - user lineage: every SELECT that produces a relation (final query, CTEs, FROM subqueries, UNION branches) gets a
 *   trailing column `__u` holding the distinct users behind its row (capped), so the aggregation threshold can be
 *   judged per output row the way AMC does. Edits are inserted by AST offsets into the offset-preserving text.
 */
import { Parser } from 'node-sql-parser';
import { AGGREGATE_FUNCTIONS } from '../sql-columns';
import { maskSql, preprocessSql } from '../sql-text';

type Node = any;

export class SandboxUnsupported extends Error {}

export interface PreparedSql {
  sql: string;
  /** Base tables read (lower-case AMC names) and extended-window views. */
  tables: string[];
  extended: { ident: string; table: string; beforeMs: number; afterMs: number }[];
  /** False when lineage could not be added; the query then runs without per-row user counts. */
  lineage: boolean;
}

const parser = new Parser();
const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value)) return `[${value.map(sqlLiteral).join(', ')}]`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

const timestamp = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;

/** ISO-8601 duration (PnW, PnD, PTnH, PTnM, combinations) in ms. */
export function durationMs(text: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P')
    throw new SandboxUnsupported(
      `EXTEND_TIME_WINDOW duration '${text}' is not an ISO-8601 duration the sandbox understands (use e.g. P14D or PT12H)`,
    );
  const [w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

export function prepareSql(
  sqlQuery: string,
  params: Record<string, unknown>,
  window: { startMs: number; endMs: number },
  userCap: number,
): PreparedSql {
  const sql = sqlQuery.replace(/[\s;]+$/, '');
  const pre = preprocessSql(sql, maskSql(sql), (_name, i) => `__ext_${i}`);
  const extended = pre.extendedTables.map((x) => ({
    ident: x.ident,
    table: x.name.toLowerCase(),
    beforeMs: durationMs(x.durations[0] ?? 'P0D'),
    afterMs: durationMs(x.durations[1] ?? 'P0D'),
  }));
  let ast: Node;
  try {
    ast = parser.astify(pre.text, { database: 'trino', parseOptions: { includeLocations: true } });
  } catch (err) {
    throw new SandboxUnsupported(`the sandbox could not parse the query: ${(err as Error).message}`);
  }
  const root = Array.isArray(ast) ? ast[0] : ast;
  const cteNames = new Set<string>();
  const tables = new Set<string>();
  const inserts: { at: number; text: string }[] = [];
  let lineage = true;

  const visit = (s: Node): void => {
    if (!s || s.type !== 'select') return;
    for (const w of s.with ?? []) {
      cteNames.add(String(w.name?.value ?? w.name).toLowerCase());
      visit(w.stmt?.ast ?? w.stmt);
    }
    const sources: string[] = [];
    for (const f of s.from ?? []) {
      if (typeof f.table === 'string') {
        sources.push(f.as ? String(f.as) : f.table);
        if (!cteNames.has(f.table.toLowerCase()) && !f.table.startsWith('__ext_')) tables.add(f.table.toLowerCase());
      } else if (f.expr?.ast) {
        visit(f.expr.ast);
        if (f.as) sources.push(String(f.as));
      }
    }
    instrument(s, sources);
    if (s._next) visit(s._next);
  };

  const instrument = (s: Node, sources: string[]) => {
    const cols: Node[] = Array.isArray(s.columns) ? s.columns : [];
    const ends = cols.map((c) => c?.loc?.end?.offset);
    if (cols.length === 0 || ends.some((e) => typeof e !== 'number')) {
      lineage = false;
      return;
    }
    const star = cols.some(
      (c) => c.expr?.type === 'column_ref' && (c.expr.column === '*' || c.expr.column?.expr?.value === '*'),
    );
    const aggregating = (s.groupby?.columns?.length ?? 0) > 0 || !!s.having || cols.some((c) => hasAggregate(c.expr));
    if (star && !aggregating) {
      if (sources.length !== 1) lineage = false;
      return; // the single source's __u comes through the star
    }
    const parts = sources.map((q) => `coalesce(${quoteIdent(q)}.__u, []::VARCHAR[])`);
    const rowUsers = parts.length === 0 ? '[]::VARCHAR[]' : parts.reduce((a, b) => `list_concat(${a}, ${b})`);
    const expr = aggregating ? `list_slice(list_distinct(flatten(list(${rowUsers}))), 1, ${userCap})` : rowUsers;
    let at = Math.max(...(ends as number[]));
    while (at > 0 && /\s/.test(pre.text[at - 1]!)) at--; // column locations may include trailing whitespace
    inserts.push({ at, text: `, ${expr} AS __u ` });
  };

  visit(root);
  collectTables(root, cteNames, tables); // also tables read only inside IN / EXISTS / scalar subqueries
  let text = pre.text;
  if (lineage)
    for (const ins of inserts.sort((a, b) => b.at - a.at)) text = text.slice(0, ins.at) + ins.text + text.slice(ins.at);
  else text = pre.text;

  const custom = pre.customParameters;
  const builtIn = pre.builtInParameters;
  text = text.replace(/\b__cp_(\d+)\b/g, (_m, i) => sqlLiteral(params[custom[Number(i)]!.name]));
  text = text.replace(/\b__bp_(\d+)\b/g, (_m, i) => {
    const name = builtIn[Number(i)]!.name.toUpperCase();
    return timestamp(name === 'TIME_WINDOW_START' ? window.startMs : window.endMs);
  });
  text = text.replace(/CAST\s*\(\s*'today'\s+AS\s+DATE\s*\)/gi, 'current_date');
  return { sql: text, tables: [...tables], extended, lineage };
}

function collectTables(n: Node, ctes: Set<string>, out: Set<string>, seen = new Set<Node>()): void {
  if (!n || typeof n !== 'object' || seen.has(n)) return;
  seen.add(n);
  if (!Array.isArray(n) && n.type === 'select') {
    for (const f of n.from ?? []) {
      const t = typeof f.table === 'string' ? f.table.toLowerCase() : undefined;
      if (t && !ctes.has(t) && !t.startsWith('__ext_')) out.add(t);
    }
  }
  for (const v of Object.values(n)) collectTables(v, ctes, out, seen);
}

function hasAggregate(n: Node): boolean {
  if (!n || typeof n !== 'object') return false;
  if (n.type === 'select' || n.ast) return false; // scalar subqueries aggregate on their own
  if (n.over) return false; // window functions do not aggregate the row set
  if (n.type === 'aggr_func') return true;
  if (n.type === 'function') {
    const name = Array.isArray(n.name?.name)
      ? n.name.name.map((p: Node) => p.value).join('.')
      : String(n.name?.value ?? n.name ?? '');
    if (AGGREGATE_FUNCTIONS.has(name.toUpperCase())) return true;
  }
  return Object.values(n).some((v) => hasAggregate(v));
}
