/**
 * Turns an execution's AMC SQL into the DuckDB SQL the sandbox runs: compile it with the AMC front end (amc/sql;
 * it was validated when the execution was created, so this does not fail for valid input), then translate it
 * (to-duckdb.ts) with the run's parameter values, window and user cap.
 */
import type { AmcInputParameter } from '../../client/types';
import { compileAmcSql, type CompiledSql } from '../sql-compiler';
import { normalizeType, type SqlType } from '../../sql/types';
import { SandboxUnsupported } from './sandbox-errors';
import { translateToDuckDb } from './to-duckdb';

export interface PreparedSql {
  sql: string;
  compiled: CompiledSql;
  /** AMC tables read directly (lower-case names). */
  tables: string[];
  /** Extended-window reads: the view the SQL names, its table, and how far the window widens. */
  extended: { ident: string; table: string; beforeMs: number; afterMs: number }[];
}

const DAY_MS = 86_400_000;

/** ISO-8601 duration (PnY, PnM, PnW, PnD, PTnH, PTnM, PTnS and combinations) in ms; a month counts 30 days. */
export function durationMs(text: string): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P')
    throw new SandboxUnsupported(
      `EXTEND_TIME_WINDOW duration '${text}' (the sandbox reads ISO-8601 durations such as P14D or PT12H)`,
    );
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return (y! * 365 + mo! * 30 + w! * 7 + d!) * DAY_MS + ((h! * 60 + mi!) * 60 + s!) * 1000;
}

function parameterTypes(params: AmcInputParameter[]): Map<string, SqlType> {
  const out = new Map<string, SqlType>();
  for (const p of params) {
    const dt = p.dataType;
    out.set(
      p.name,
      typeof dt === 'string' ? normalizeType(dt) : `ARRAY<${normalizeType(String(dt.elementDataType ?? 'STRING'))}>`,
    );
  }
  return out;
}

export function prepareSql(
  sqlQuery: string,
  inputParameters: AmcInputParameter[],
  params: Record<string, unknown>,
  window: { startMs: number; endMs: number },
  userCap: number,
): PreparedSql {
  const compiled = compileAmcSql(sqlQuery, inputParameters);
  const translation = translateToDuckDb({
    ast: compiled.ast,
    analysis: compiled.analysis,
    params,
    paramTypes: parameterTypes(inputParameters),
    window,
    userCap,
  });
  return {
    sql: translation.sql,
    compiled,
    tables: translation.tables,
    extended: translation.extended.map((x) => ({
      ident: x.ident,
      table: x.table,
      beforeMs: durationMs(x.durations[0] ?? 'P0D'),
      afterMs: durationMs(x.durations[1] ?? 'P0D'),
    })),
  };
}
