/** The sandbox's SQL preparation: parameters, extended windows and user lineage added to every relation. */
import { durationMs, prepareSql } from '../../amc/simulator/sandbox/prepare-sql';
import { literalOf } from '../../amc/simulator/sandbox/to-duckdb';

const WINDOW = { startMs: Date.parse('2026-10-01T00:00:00Z'), endMs: Date.parse('2026-10-08T00:00:00Z') };

describe('sandbox SQL preparation', () => {
  it('when a query has CTEs, joins, UNION branches and an IN subquery, then every relation carries __u but the IN subquery does not', () => {
    const sql = [
      'WITH exposed AS (',
      '  SELECT user_id, campaign FROM dsp_impressions WHERE user_id IN (SELECT user_id FROM dsp_clicks)',
      '), buyers AS (SELECT user_id, SUM(purchases) AS p FROM amazon_attributed_events_by_traffic_time GROUP BY 1)',
      'SELECT e.campaign, COUNT(DISTINCT b.user_id) AS buyers',
      'FROM exposed e JOIN buyers b ON e.user_id = b.user_id',
      'GROUP BY 1',
      'UNION ALL',
      "SELECT 'all' AS campaign, COUNT(*) AS buyers FROM buyers",
    ].join('\n');
    const prepared = prepareSql(sql, [], {}, WINDOW, 100);
    expect(prepared.tables.sort()).toEqual([
      'amazon_attributed_events_by_traffic_time',
      'dsp_clicks',
      'dsp_impressions',
    ]);
    expect(prepared.sql).toContain('IN (SELECT "user_id"\nFROM "dsp_clicks")');
    expect(prepared.sql.match(/AS "__u"/g)).toHaveLength(4);
    // An AMC table's rows carry their user as a scalar, aggregates carry lists; a join's aggregate merges both.
    expect(prepared.sql).toContain('"dsp_impressions"."__u" AS "__u"');
    expect(prepared.sql).toContain('list_concat(list(DISTINCT "e"."__u"), flatten(list("b"."__u")))');
    expect(prepared.sql).toContain('GROUP BY 1) UNION ALL (');
  });

  it('when AMC parameters and extended windows are used, then they become literals and window views', () => {
    const sql =
      "SELECT campaign, COUNT(*) AS n FROM TABLE(EXTEND_TIME_WINDOW('dsp_clicks', 'P14D', 'PT12H')) WHERE ARRAY_CONTAINS(CUSTOM_PARAMETER('names'), campaign) AND click_dt_utc >= BUILT_IN_PARAMETER('TIME_WINDOW_START') GROUP BY 1";
    const names = [{ name: 'names', dataType: { type: 'ARRAY' as const, elementDataType: 'STRING' as const } }];
    const prepared = prepareSql(sql, names, { names: ["O'Brien", 'B'] }, WINDOW, 100);
    expect(prepared.sql).toContain(`list_contains(CAST(['O''Brien', 'B'] AS VARCHAR[]), "campaign")`);
    expect(prepared.sql).toContain(`"click_dt_utc" >= TIMESTAMP '2026-10-01 00:00:00'`);
    expect(prepared.sql).toContain('FROM "__ext_0" AS "dsp_clicks"');
    expect(prepared.extended).toEqual([
      { ident: '__ext_0', table: 'dsp_clicks', beforeMs: 14 * 86_400_000, afterMs: 12 * 3_600_000 },
    ]);
    expect(prepared.tables).toEqual([]);
  });

  it('when values are rendered, then literals and durations follow SQL and ISO-8601', () => {
    expect(literalOf(null, 'UNKNOWN')).toBe('NULL');
    expect(literalOf(null, 'ARRAY<STRING>')).toBe('CAST(NULL AS VARCHAR[])');
    expect(literalOf([], 'ARRAY<STRING>')).toBe('CAST([] AS VARCHAR[])');
    expect(literalOf(true, 'BOOLEAN')).toBe('TRUE');
    expect(literalOf([1, 'a'], 'UNKNOWN')).toBe("[1, 'a']");
    expect(literalOf(-3, 'INTEGER')).toBe('(-3)');
    expect(durationMs('P1W')).toBe(7 * 86_400_000);
    expect(() => durationMs('14 days')).toThrow(/ISO-8601/);
  });
});
