/**
 * Runs one execution's SQL in the sandbox: prepares it (prepare-sql.ts), makes sure the synthetic days it needs exist,
 * exposes each AMC table as a temporary view filtered to the execution window (AMC applies the window implicitly),
 * runs it on a fresh connection and returns typed columns, string cells and each row's users.
 */
import type { AmcInputParameter, AmcOutputColumn } from '../../client/types';
import { DAY_MS, dataStoreFor, type DataConfig } from './data-store';
import { exposureOf } from './exposures';
import { prepareSql } from './prepare-sql';
import { SandboxQueryError, SandboxUnsupported } from './sandbox-errors';

export { SandboxQueryError, SandboxUnsupported };

export interface SandboxInput {
  sqlQuery: string;
  inputParameters: AmcInputParameter[];
  params: Record<string, unknown>;
  window: { startMs: number; endMs: number };
  data: DataConfig;
  maxDays: number;
  userCap: number;
}

export interface SandboxResult {
  columns: AmcOutputColumn[];
  rows: (string | null)[][];
  /** Users behind each row (capped at userCap); undefined when lineage could not be traced. */
  users?: string[][];
  /** AMC tables read (lower-case), including extended-window ones. */
  tables: string[];
  /** Whether any table read carries user-level rows. */
  userLevel: boolean;
  /** An audience query (reads *_for_audiences tables): its rows are users, not aggregates. */
  audience: boolean;
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
const ts = (ms: number) => `TIMESTAMP '${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}'`;

function amcType(duck: string): Pick<AmcOutputColumn, 'dataType' | 'dataTypePrecision' | 'dataTypeScale'> {
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(duck);
  if (dec) return { dataType: 'DECIMAL', dataTypePrecision: Number(dec[1]), dataTypeScale: Number(dec[2]) };
  const map: Record<string, string> = {
    VARCHAR: 'STRING',
    BIGINT: 'LONG',
    HUGEINT: 'LONG',
    UBIGINT: 'LONG',
    INTEGER: 'INTEGER',
    UINTEGER: 'LONG',
    SMALLINT: 'SHORT',
    TINYINT: 'BYTE',
    DOUBLE: 'DOUBLE',
    FLOAT: 'FLOAT',
    DATE: 'DATE',
    BOOLEAN: 'BOOLEAN',
  };
  if (/^TIMESTAMP/i.test(duck)) return { dataType: 'TIMESTAMP' };
  return { dataType: map[duck.toUpperCase()] ?? 'STRING' };
}

/** A row's `__u`: a list of users, one user (a scalar `__u`), or none. */
function usersOf(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.filter((u) => u !== null && u !== undefined).map(String);
  return [String(v)];
}

function cell(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * DuckDB error → what AMC users should read. The AMC front end has already accepted the query (valid tables,
 * columns, parameters, AMC's rules), so an engine failure is a gap of the sandbox — a function or regex feature
 * DuckDB lacks, a catalogued column without synthetic data — except for errors about the data itself.
 */
function explain(err: unknown): Error {
  const msg = (err as Error).message ?? String(err);
  const first = msg.split('\n')[0]!;
  const fn = /(?:Scalar|Aggregate|Table) Function with name "?([\w.]+)"? does not exist/i.exec(msg);
  if (fn)
    return new SandboxUnsupported(
      `function ${fn[1]!.toUpperCase()} is not available in the offline sandbox (its DuckDB engine lacks it)`,
    );
  // A catalogued column the synthetic table lacks: DuckDB says so directly, or (in GROUP BY, or for a VALUES
  // alias) binds the name to something else first and complains about that.
  const column =
    /Referenced column "?([\w]+)"? not found/i.exec(msg) ??
    /Alias with name "([\w]+)" exists, but aliases cannot be used/i.exec(msg) ??
    /does not have a column named "([\w]+)"/i.exec(msg);
  if (column) return new SandboxUnsupported(`column ${column[1]} has no synthetic data in the offline sandbox yet`);
  if (/regex|regular expression/i.test(msg))
    return new SandboxUnsupported(
      `a regular expression feature the sandbox's RE2 engine lacks (AMC uses Java regular expressions): ${first}`,
    );
  if (/^(Conversion|Out of Range|Invalid Input) Error/i.test(first) && !/Parser/i.test(first))
    return new SandboxQueryError(first);
  if (/must appear in the GROUP BY clause|must be part of an aggregate/i.test(msg)) return new SandboxQueryError(first);
  return new SandboxUnsupported(`the sandbox's DuckDB engine could not run the translated query (${first})`);
}

export async function runSandboxQuery(input: SandboxInput): Promise<SandboxResult> {
  const prepared = prepareSql(input.sqlQuery, input.inputParameters, input.params, input.window, input.userCap);
  const views: { name: string; amcTable: string; startMs: number; endMs: number }[] = [
    ...prepared.tables.map((t) => ({ name: t, amcTable: t, ...input.window })),
    ...prepared.extended.map((x) => ({
      name: x.ident,
      amcTable: x.table,
      startMs: input.window.startMs - x.beforeMs,
      endMs: input.window.endMs + x.afterMs,
    })),
  ];
  const store = await dataStoreFor(input.data);
  let userLevel = false;
  const ddl: string[] = [];
  for (const v of views) {
    const exposure = exposureOf(v.amcTable);
    if (!exposure) throw new SandboxUnsupported(`the offline sandbox has no synthetic data for table ${v.amcTable}`);
    const from = Math.floor(v.startMs / DAY_MS) - exposure.lagDays;
    const to = Math.ceil(v.endMs / DAY_MS);
    if (exposure.timeColumn && to - from > input.maxDays) {
      throw new SandboxUnsupported(
        `the offline sandbox generates at most ${input.maxDays} days of data per table; ${v.amcTable} over this window needs ${to - from} (narrow the window or raise sandboxMaxDays)`,
      );
    }
    await store.ensure([exposure.table], from, to);
    const cols = await store.columns(exposure.table);
    const hasUsers = !exposure.noUsers && cols.includes('user_id');
    userLevel ||= hasUsers;
    // The row's one user as a scalar (to-duckdb.ts: lineage shapes).
    const users = hasUsers ? 'CAST(user_id AS VARCHAR)' : 'CAST(NULL AS VARCHAR)';
    const where = [
      exposure.timeColumn &&
        `CAST(${quote(exposure.timeColumn)} AS TIMESTAMP) >= ${ts(v.startMs)} AND CAST(${quote(exposure.timeColumn)} AS TIMESTAMP) < ${ts(v.endMs)}`,
      exposure.filter,
    ].filter(Boolean);
    ddl.push(
      `CREATE TEMP VIEW ${quote(v.name)} AS SELECT ${cols.map(quote).join(', ')}, ${users} AS __u FROM amc_data.${exposure.table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    );
  }

  const conn = await store.connect();
  try {
    await conn.run(`SET TimeZone = 'UTC'`);
    for (const sql of ddl) await conn.run(sql);
    let result;
    try {
      result = await conn.stream(prepared.sql);
    } catch (err) {
      throw explain(err);
    }
    const names = result.columnNames();
    const types = result.columnTypes().map((t) => String(t));
    const userIdx = names.lastIndexOf('__u');
    const keep = names.map((_, i) => i).filter((i) => i !== userIdx && names[i] !== '__u');
    // Loaded lazily like the engine itself (data-store.ts): the simulator starts without DuckDB.
    const { JsonDuckDBValueConverter } = await import('@duckdb/node-api');
    const rows: (string | null)[][] = [];
    const users: string[][] = [];
    // Chunk by chunk, yielding between chunks: a large result (an audience of thousands of users) must not hold
    // the simulator's event loop, which also answers AMC API calls.
    for (;;) {
      let chunk;
      try {
        chunk = await result.fetchChunk();
      } catch (err) {
        throw explain(err);
      }
      if (!chunk || chunk.rowCount === 0) break;
      for (const r of chunk.convertRows(JsonDuckDBValueConverter) as unknown[][]) {
        rows.push(keep.map((i) => cell(r[i])));
        if (userIdx >= 0) users.push(usersOf(r[userIdx]));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      columns: keep.map((i) => ({ name: names[i]!, columnType: 'DIMENSION', ...amcType(types[i]!) })),
      rows,
      users: userIdx >= 0 ? users : undefined,
      tables: [...new Set(views.map((v) => v.amcTable))],
      userLevel,
      audience: prepared.compiled.audience,
    };
  } finally {
    conn.closeSync();
  }
}
