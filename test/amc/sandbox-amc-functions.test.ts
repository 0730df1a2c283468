/**
 * AMC's functions and semantics in the sandbox, as AMC's SQL reference documents them: each expression runs
 * through the front end and the DuckDB translation (runSandboxQuery, no thresholds) over a small VALUES table or
 * the synthetic AMC tables, and must give AMC's answer.
 */
import { runSandboxQuery } from '../../amc/simulator/sandbox/run-query';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const WINDOW = { startMs: today - 9 * DAY, endMs: today - 2 * DAY };

async function query(sqlQuery: string, params: Record<string, unknown> = {}) {
  const result = await runSandboxQuery({
    sqlQuery,
    inputParameters: [],
    params,
    window: WINDOW,
    data: { seed: 7, scale: 0.25 },
    maxDays: 120,
    userCap: 100,
  });
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i]])));
}

const ROWS = `WITH t (n, s, ts) AS (VALUES
  (1, 'Demo Brand | Awareness', TIMESTAMP '2024-01-07 10:00:00'),
  (2, 'Acme | Retargeting', TIMESTAMP '2024-01-08 11:30:00'),
  (3, NULL, TIMESTAMP '2024-01-10 23:59:59'))`;

describe('AMC functions in the sandbox', () => {
  it('when conditional and coercing expressions run, then IF, CASE, NVL and COALESCE mix strings and numbers as AMC does', async () => {
    const [row] = await query(`${ROWS}
      SELECT MAX(IF(n > 2, 'big', n)) AS if_mixed,
        MAX(CASE WHEN n = 1 THEN 'none' ELSE n END) AS case_mixed,
        MAX(NVL(s, 'unnamed')) AS nvl_value,
        MIN(COALESCE(NULL, NULL, n)) AS coalesce_value,
        SUM(IF(s IS NULL, 1, 0)) AS nulls,
        MAX(CONTAINED_IN(n, 2, 5)) AS contained
      FROM t`);
    expect(row).toEqual({
      if_mixed: 'big',
      case_mixed: 'none',
      nvl_value: 'unnamed',
      coalesce_value: '1',
      nulls: '1',
      contained: 'true',
    });
  });

  it('when numbers divide and compare, then division is decimal, division by zero is NULL, and text compares as a number', async () => {
    const [row] = await query(`${ROWS}
      SELECT SUM(n) / COUNT(*) AS mean_decimal, MAX(n / 0) AS by_zero,
        SUM(IF('10+' = n, 1, 0)) AS text_vs_number, SUM(IF('3' = n, 1, 0)) AS numeric_text,
        MAX(CAST('abc' AS INTEGER)) AS lenient_cast
      FROM t`);
    expect(row).toEqual({
      mean_decimal: '2',
      by_zero: null,
      text_vs_number: '0',
      numeric_text: '1',
      lenient_cast: null,
    });
    const [half] = await query('SELECT 1 / 2 AS half, SUM(1) AS one FROM (VALUES (1)) v(x)');
    expect(Number(half!.half)).toBe(0.5);
  });

  it('when time functions run, then SECONDS/MINUTES/HOURS/DAYS_BETWEEN, EXTRACT(DOW), DATE_TRUNC and time zones follow AMC', async () => {
    const [row] = await query(`${ROWS}
      SELECT MAX(SECONDS_BETWEEN(TIMESTAMP '2024-01-07 10:00:00', ts)) AS seconds,
        MAX(MINUTES_BETWEEN(TIMESTAMP '2024-01-07 10:00:00', ts)) AS minutes,
        MAX(HOURS_BETWEEN(TIMESTAMP '2024-01-07 10:00:00', ts)) AS hours,
        MAX(DAYS_BETWEEN(TIMESTAMP '2024-01-07 10:00:00', ts)) AS days,
        MIN(EXTRACT(DOW FROM ts)) AS sunday_is_1,
        MIN(DAYOFWEEK(ts)) AS dayofweek_sunday,
        MAX(DATE_TRUNC('week', ts)) AS week_start,
        MIN(CONVERT_TIME_ZONE_FROM_UTC(ts, 'America/New_York')) AS new_york,
        MIN(EPOCH_TO_UTC_TIMESTAMP(1704621600)) AS from_seconds,
        MIN(EPOCH_TO_UTC_TIMESTAMP(1704621600000)) AS from_millis
      FROM t`);
    expect(row).toMatchObject({
      seconds: String(3 * 86400 + 13 * 3600 + 59 * 60 + 59),
      minutes: String(3 * 1440 + 13 * 60 + 59),
      hours: String(3 * 24 + 13),
      days: '3',
      sunday_is_1: '1',
      dayofweek_sunday: '1',
      week_start: '2024-01-08 00:00:00',
      new_york: '2024-01-07 05:00:00',
      from_seconds: '2024-01-07 10:00:00',
      from_millis: '2024-01-07 10:00:00',
    });
  });

  it('when strings are searched and built, then SIMILAR TO searches with Java-style regex, CONCAT takes any arity, CHARINDEX and REGEXP_REPLACE follow AMC', async () => {
    const [row] = await query(`${ROWS}
      SELECT SUM(IF(s SIMILAR TO '(?i)retargeting', 1, 0)) AS similar_anywhere,
        SUM(IF(s SIMILAR TO '^Demo Brand.*', 1, 0)) AS similar_anchored,
        SUM(IF(s NOT SIMILAR TO 'Acme', 1, 0)) AS not_similar,
        MAX(CONCAT('n=', n, ', s=', s, '!')) AS concat_any,
        MIN(CHARINDEX('|', s)) AS charindex,
        MIN(REGEXP_REPLACE(s, '[aeiou]', '_')) AS replaced_all,
        MAX(FORMAT(ts, 'yyyy-MM-dd HH:mm')) AS formatted_date,
        MAX(FORMAT(n * 1000.5, '#,##0.00')) AS formatted_number
      FROM t`);
    expect(row).toEqual({
      similar_anywhere: '1',
      similar_anchored: '1',
      not_similar: '1',
      concat_any: 'n=2, s=Acme | Retargeting!',
      charindex: '6',
      replaced_all: 'Acm_ | R_t_rg_t_ng',
      formatted_date: '2024-01-10 23:59',
      formatted_number: '3,001.50',
    });
  });

  it('when arrays and rows are built, then ARRAY_CONTAINS, CARDINALITY, COLLECT, ARRAY_SORT, NAMED_ROW and UUID work as documented', async () => {
    const [row] = await query(`${ROWS}
      SELECT SUM(IF(ARRAY_CONTAINS(ARRAY['1', '3'], n), 1, 0)) AS contains_as_text,
        MAX(CARDINALITY(ARRAY[1, 2, 3])) AS cardinality,
        ARRAY_SORT(COLLECT(DISTINCT n)) AS sorted,
        CARDINALITY(COLLECT(s)) AS collected_with_null,
        MAX(NAMED_ROW('step', n, 'label', s)) AS last_row,
        MAX(LENGTH(UUID())) AS uuid_length
      FROM t`);
    expect(row).toMatchObject({
      contains_as_text: '2',
      cardinality: '3',
      sorted: '[1,2,3]',
      collected_with_null: '3',
      uuid_length: '36',
    });
    expect(JSON.parse(row!.last_row!)).toEqual({ step: 3, label: null });
  });

  it('when statistics aggregate, then PERCENTILE, MEDIAN, SUM_IF, APPROX_DISTINCT and MAX over BOOLEAN answer like AMC', async () => {
    const [row] = await query(`${ROWS}
      SELECT PERCENTILE(n, 0.5) AS p50, MEDIAN(n) AS median, SUM_IF(n, n > 1) AS sum_if,
        APPROX_DISTINCT(s) AS distinct_names, MAX(n > 2) AS any_big, MIN(n > 2) AS all_big, STDDEV_POP(n) > 0 AS spread
      FROM t`);
    expect(row).toEqual({
      p50: '2',
      median: '2',
      sum_if: '5',
      distinct_names: '2',
      any_big: 'true',
      all_big: 'false',
      spread: 'true',
    });
  });

  it('when AMC tables are read through EXTEND_TIME_WINDOW in a join, a subquery and a CTE, then each sees the widened window', async () => {
    const rows = await query(`
      WITH wide AS (SELECT user_id, MIN(impression_dt_utc) AS first_dt
        FROM TABLE(EXTEND_TIME_WINDOW('dsp_impressions', 'P7D', 'P0D')) GROUP BY 1)
      SELECT COUNT(*) AS n,
        MIN(w.first_dt) < BUILT_IN_PARAMETER('TIME_WINDOW_START') AS cte_reaches_back,
        MIN(j.click_dt_utc) < BUILT_IN_PARAMETER('TIME_WINDOW_START') AS join_reaches_back,
        (SELECT MIN(impression_dt_utc) FROM TABLE(EXTEND_TIME_WINDOW('dsp_impressions', 'P3D', 'P0D'))) < BUILT_IN_PARAMETER('TIME_WINDOW_START') AS subquery_reaches_back
      FROM wide w JOIN TABLE(EXTEND_TIME_WINDOW('dsp_clicks', 'P7D', 'P0D')) j ON j.user_id = w.user_id`);
    expect(rows[0]).toMatchObject({
      cte_reaches_back: 'true',
      join_reaches_back: 'true',
      subquery_reaches_back: 'true',
    });
  });

  it('when SQL is pasted with Unicode spaces, then no-break, em and zero-width spaces separate words like spaces', async () => {
    const rows = await query(
      'SELECT\u00A0campaign,\u2003SUM(impressions)\u200BAS\u00A0imps\u00A0FROM\u00A0dsp_impressions GROUP\u00A0BY\u00A01',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(['campaign', 'imps']);
  });
});
