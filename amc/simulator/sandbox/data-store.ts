/**
 * The sandbox's data: one in-memory DuckDB per process and data config (seed, scale), created on first use with
 * the dimensions; core tables and the public views over them (view-columns.ts) are created when first read.
 * Core rows are generated per source day on demand (a day's rows depend only on the seed and the day), so
 * overlapping windows see the same rows; days after today are never generated (the sandbox holds no data after
 * now; exposures.ts also hides today's later events). Generation is serialized; queries run on their own
 * connections. Generator helpers (rnd, pick, ts_in_day) live in `main`.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ASINS, dimensionSql } from './dimensions';
import { DSP_TABLES, DSP_VIEWS } from './tables-dsp';
import { PAID_TABLES, PAID_VIEWS } from './tables-paid';
import { SALES_TABLES, SALES_VIEWS } from './tables-sales';
import type { SandboxTable } from './table-def';
import { viewSql, viewTables, type ViewSpec } from './view-columns';

export interface DataConfig {
  seed: number;
  /** Multiplies users and daily volumes (1 ≈ 40 000 users, 20 000 DSP and 20 000 sponsored-ads impressions a day). */
  scale: number;
}

const TABLES = new Map<string, SandboxTable>([...DSP_TABLES, ...SALES_TABLES, ...PAID_TABLES].map((t) => [t.name, t]));
export const VIEWS = new Map<string, ViewSpec>([...DSP_VIEWS, ...SALES_VIEWS, ...PAID_VIEWS].map((v) => [v.name, v]));
export const DAY_MS = 86_400_000;

function helperMacros(seed: number, users: number): string[] {
  return [
    `CREATE MACRO n_users() AS ${users}::BIGINT`,
    `CREATE MACRO n_asins() AS ${ASINS.length}::BIGINT`,
    `CREATE MACRO rnd(k, salt) AS (hash(${seed}::BIGINT, k, salt) % 1000003)::DOUBLE / 1000003`,
    `CREATE MACRO seed_text() AS '${seed}'`,
    `CREATE MACRO pick(l, u) AS l[1 + floor(u * len(l))::BIGINT]`,
    // Local time in a US time zone with standard offset `std` hours: DST from the second Sunday of March, 2:00
    // local, to the first Sunday of November, 2:00 local (ten times faster than ICU's AT TIME ZONE).
    `CREATE MACRO us_dst(ts, std) AS ts >= (make_date(year(ts), 3, 1) + ((7 - dayofweek(make_date(year(ts), 3, 1))) % 7 + 7)::INTEGER)::TIMESTAMP + to_hours(2 - std)
      AND ts < (make_date(year(ts), 11, 1) + ((7 - dayofweek(make_date(year(ts), 11, 1))) % 7)::INTEGER)::TIMESTAMP + to_hours(1 - std)`,
    `CREATE MACRO us_local(ts, std) AS ts + to_hours(std + CASE WHEN us_dst(ts, std) THEN 1 ELSE 0 END)`,
    `CREATE MACRO ts_in_day(day, u) AS day::TIMESTAMP + to_seconds(floor(86399 * (u + 0.15 * sin(2 * pi() * u)))::BIGINT)`,
  ];
}

export function dayList(days: number[]): string {
  return `[${days.map((d) => `DATE '${new Date(d * DAY_MS).toISOString().slice(0, 10)}'`).join(', ')}]::DATE[]`;
}

export class DataStore {
  private readonly generated = new Map<string, Set<number>>();
  /** Generated tables and views created so far (each on first use). */
  private readonly created = new Set<string>();
  private readonly columnCache = new Map<string, string[]>();
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly config: DataConfig,
  ) {}

  static async create(config: DataConfig): Promise<DataStore> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await instance.connect();
    await conn.run('CREATE SCHEMA amc_data');
    const users = Math.max(1000, Math.round(40_000 * config.scale));
    for (const sql of [...helperMacros(config.seed, users), ...dimensionSql(users)]) {
      await conn.run(sql);
    }
    return new DataStore(instance, conn, config);
  }

  /**
   * Makes sure the views or cores in `tables` (and what they derive from) hold rows for source days
   * [fromDay, toDay) (epoch days); days after today (by `nowMs`) are left empty.
   */
  ensure(tables: string[], fromDay: number, toDay: number, nowMs = Date.now()): Promise<void> {
    const lastDay = Math.min(toDay, Math.floor(nowMs / DAY_MS) + 1);
    const run = this.lock.then(async () => {
      for (const name of tables) {
        const view = VIEWS.get(name);
        const reads = view ? viewTables(view).filter((t) => TABLES.has(t)) : [name];
        for (const t of reads) await this.ensureTable(t, fromDay, lastDay);
        if (view && !this.created.has(view.name)) {
          await this.conn.run(viewSql(view));
          this.created.add(view.name);
        }
      }
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async ensureTable(name: string, fromDay: number, toDay: number): Promise<void> {
    const table = TABLES.get(name);
    if (!table) throw new Error(`no generator for ${name}`);
    for (const dep of table.deps) await this.ensureTable(dep, fromDay, toDay);
    if (!this.created.has(name)) {
      // A static table is filled once; a per-day one starts empty with its columns, then gains days.
      const select = table.select(dayList([]), this.config.scale);
      await this.conn.run(`CREATE TABLE amc_data.${name} AS ${table.static ? select : `${select} LIMIT 0`}`);
      this.created.add(name);
    }
    if (table.static) return;
    const done = this.generated.get(name) ?? new Set<number>();
    this.generated.set(name, done);
    const missing: number[] = [];
    for (let d = fromDay; d < toDay; d++) if (!done.has(d)) missing.push(d);
    if (missing.length === 0) return;
    await this.write(table, missing);
    for (const d of missing) done.add(d);
  }

  private async write(table: SandboxTable, days: number[]): Promise<void> {
    const select = table.select(dayList(days), this.config.scale);
    await this.conn.run(`INSERT INTO amc_data.${table.name} BY NAME ${select}`);
  }

  /** Public (non-internal) columns of a view or table, in order. */
  async columns(name: string): Promise<string[]> {
    const cached = this.columnCache.get(name);
    if (cached) return cached;
    const reader = await this.conn.runAndReadAll(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'amc_data' AND table_name = '${name}' ORDER BY ordinal_position`,
    );
    const cols = reader
      .getRows()
      .map((r) => String(r[0]))
      .filter((c) => !c.startsWith('__'));
    this.columnCache.set(name, cols);
    return cols;
  }

  connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }
}

const stores = new Map<string, Promise<DataStore>>();

/** The process-wide store for a data config (module-level: one per jest test file, one per simulator process). */
export function dataStoreFor(config: DataConfig): Promise<DataStore> {
  const key = `${config.seed}:${config.scale}`;
  let store = stores.get(key);
  if (!store) {
    store = DataStore.create(config);
    store.catch(() => stores.delete(key));
    stores.set(key, store);
  }
  return store;
}
