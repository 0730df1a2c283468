/**
 * The AMC SQL front end (amc/sql) on its own: what it accepts (AMC's SELECT language as published queries write it),
 * what it refuses (only what AMC refuses, each documented rule cited), where (line and column), and how it types
 * the output columns.
 */
import { compileAmcSql, SqlCompileError } from '../../amc/simulator/sql-compiler';

const compile = (sql: string, params: string[] = []) => compileAmcSql(sql, params);

function refusal(sql: string, params: string[] = []): SqlCompileError {
  try {
    compile(sql, params);
  } catch (err) {
    if (err instanceof SqlCompileError) return err;
    throw err;
  }
  throw new Error('expected a compile error');
}

describe('AMC SQL front end', () => {
  it.each([
    [
      'a CTE over VALUES with a column list',
      "WITH scope (a, b) AS (VALUES (1, 'x'), (2, 'y')) SELECT a, COUNT(*) AS n FROM scope GROUP BY a",
    ],
    ['VALUES in FROM with alias columns', "SELECT v.k, COUNT(*) AS n FROM (VALUES ('a'), ('b')) AS v(k) GROUP BY 1"],
    [
      'NAMED_ROW and ARRAY_SORT(COLLECT(DISTINCT …))',
      "SELECT ARRAY_SORT(COLLECT(DISTINCT NAMED_ROW('n', campaign_id, 'c', campaign))) AS path, COUNT(DISTINCT user_id) AS users FROM dsp_impressions",
    ],
    [
      'EXTEND_TIME_WINDOW in a join',
      "SELECT i.campaign, COUNT(*) AS n FROM dsp_impressions i JOIN TABLE(EXTEND_TIME_WINDOW('dsp_clicks', 'P1D', 'P0D')) c ON c.request_tag = i.request_tag GROUP BY 1",
    ],
    [
      'EXTEND_TIME_WINDOW in a subquery and lower case',
      "SELECT COUNT(*) AS n FROM (SELECT user_id FROM table(extend_time_window('conversions', 'P30D', 'PT12H')) GROUP BY 1) x",
    ],
    [
      'a derived table without alias',
      'SELECT campaign, SUM(n) AS n FROM (SELECT campaign, COUNT(*) AS n FROM dsp_clicks GROUP BY 1) GROUP BY 1',
    ],
    [
      'no-break and zero-width spaces',
      'SELECT\u00A0campaign,\u00A0COUNT(*)\u200B AS\u2003n FROM\u00A0dsp_clicks GROUP BY 1',
    ],
    ['SELECT DISTINCT without GROUP BY', 'SELECT DISTINCT campaign, advertiser FROM dsp_impressions'],
    [
      'trailing semicolons and comments',
      '-- header\nSELECT campaign, COUNT(*) AS n /* count */ FROM dsp_clicks GROUP BY 1;;',
    ],
    [
      'window frames, FILTER and QUALIFY',
      'SELECT campaign, SUM(impressions) AS imps, SUM(SUM(impressions)) OVER (ORDER BY campaign ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running, COUNT(*) FILTER (WHERE impressions > 0) AS nz FROM dsp_impressions GROUP BY campaign QUALIFY running > 0',
    ],
    [
      'ROLLUP, IS DISTINCT FROM, BETWEEN and INTERVAL forms',
      "SELECT campaign, advertiser, COUNT(*) AS n FROM dsp_impressions WHERE campaign IS DISTINCT FROM 'x' AND impression_dt_utc BETWEEN BUILT_IN_PARAMETER('TIME_WINDOW_START') AND BUILT_IN_PARAMETER('TIME_WINDOW_END') + INTERVAL 1 DAY GROUP BY ROLLUP (campaign, advertiser)",
    ],
    [
      'CUSTOM_PARAMETER in many positions',
      "SELECT campaign, COUNT(*) AS n FROM dsp_impressions WHERE (CUSTOM_PARAMETER('c') IS NULL OR ARRAY_CONTAINS(CUSTOM_PARAMETER('c'), campaign)) GROUP BY 1 HAVING COUNT(*) > CUSTOM_PARAMETER('min')",
    ],
    [
      'POSITION, SUBSTRING FROM FOR, TRIM BOTH, EXTRACT',
      "SELECT POSITION('|' IN campaign) AS p, SUBSTRING(campaign FROM 1 FOR 4) AS head, TRIM(BOTH ' ' FROM campaign) AS t, EXTRACT(DOW FROM impression_dt_utc) AS dow, COUNT(*) AS n FROM dsp_impressions GROUP BY 1, 2, 3, 4",
    ],
    ['an audience query outputting user_id', "SELECT user_id FROM dsp_impressions_for_audiences WHERE campaign = 'x'"],
  ])('when it reads %s, then it compiles', (_what, sql) => {
    expect(() => compile(sql, ['c', 'min'])).not.toThrow();
  });

  it('when output columns are typed, then names are lower case as AMC reports them, metrics are aggregates, DECIMAL keeps its scale', () => {
    const { outputColumns } = compile(
      'SELECT Campaign AS Campaign_Name, SUM(total_cost) / 100000 AS Cost, CAST(SUM(total_cost) AS DECIMAL(38,4)) AS exact, COUNT(*), impression_date FROM dsp_impressions GROUP BY 1, 5',
    );
    expect(outputColumns).toEqual([
      { name: 'campaign_name', columnType: 'DIMENSION', dataType: 'STRING' },
      { name: 'cost', columnType: 'METRIC', dataType: 'DOUBLE' },
      { name: 'exact', columnType: 'METRIC', dataType: 'DECIMAL', dataTypePrecision: 38, dataTypeScale: 4 },
      { name: '_c3', columnType: 'METRIC', dataType: 'LONG' },
      { name: 'impression_date', columnType: 'DIMENSION', dataType: 'DATE' },
    ]);
  });

  it('when SQL has a syntax error, then the position is the offending token, on its line and column', () => {
    const err = refusal('SELECT campaign,\n  COUNT(*) AS n\nFROM dsp_clicks\nWHERE campaign = = 1\nGROUP BY 1');
    expect({ line: err.line, column: err.column }).toEqual({ line: 4, column: 18 });
    expect(err.message).toMatch(/^From line 4, column 18 to line 4, column 18: Encountered "="/);
    expect(refusal("SELECT 'unterminated FROM dsp_clicks").message).toContain(
      'string literal that starts here is never closed',
    );
    expect(refusal('SELECT campaign FROM dsp_clicks WHERE').message).toContain('Encountered "<EOF>"');
    expect(refusal('SELECT 1 AS a; SELECT 2 AS b').message).toContain('exactly one statement');
  });

  it.each([
    [
      'LIMIT',
      'SELECT campaign, COUNT(*) AS n FROM dsp_clicks GROUP BY 1 LIMIT 5',
      'LIMIT is not supported',
      'rank rows with RANK() OVER',
    ],
    [
      'ORDER BY',
      'SELECT campaign, COUNT(*) AS n FROM dsp_clicks GROUP BY 1 ORDER BY 2',
      'ORDER BY is only supported inside a window',
      'Limitations and unsupported functions',
    ],
    [
      'ORDER BY in a CTE',
      'WITH c AS (SELECT campaign, COUNT(*) AS n FROM dsp_clicks GROUP BY 1 ORDER BY 2) SELECT campaign, n FROM c',
      'ORDER BY is only supported',
      'ORDER BY is not supported in a query',
    ],
    [
      'RIGHT JOIN',
      'SELECT a.campaign, COUNT(*) AS n FROM dsp_clicks a RIGHT JOIN dsp_impressions b ON a.request_tag = b.request_tag GROUP BY 1',
      'RIGHT JOIN is not supported',
      'use LEFT JOIN and swap the tables',
    ],
    [
      'GETDATE()',
      'SELECT campaign, COUNT(*) AS n FROM dsp_clicks WHERE click_dt_utc < GETDATE() GROUP BY 1',
      'GETDATE() is not supported',
      "CAST('today' AS DATE)",
    ],
    [
      'event-level output',
      'SELECT campaign, clicks FROM dsp_clicks',
      'at least one aggregation',
      'raw event-level data cannot be exported',
    ],
    [
      'user_id in the output',
      'SELECT user_id, COUNT(*) AS n FROM dsp_clicks GROUP BY 1',
      'user_id has aggregation threshold VERY_HIGH',
      'can never be included in workflow output',
    ],
    [
      'a literal filter on user_id',
      "SELECT campaign, COUNT(*) AS n FROM dsp_clicks WHERE user_id = 'abc' GROUP BY 1",
      'cannot be compared with literal values',
      'filters comparing this column with literal or parameter values',
    ],
    [
      'SELECT * of a table',
      'SELECT * FROM dsp_clicks WHERE campaign IN (SELECT campaign FROM dsp_clicks GROUP BY 1)',
      'SELECT * of table dsp_clicks',
      'does not support selecting all columns',
    ],
  ])('when a query uses %s, then it is refused citing the AMC rule', (_what, sql, message, citation) => {
    const err = refusal(sql);
    expect(err.message).toContain(message);
    expect(err.message).toContain(citation);
    expect(err.line).toBeGreaterThanOrEqual(1);
  });

  it('when names are wrong, then unknown tables (with the successor of a retired one), columns, qualifiers and ambiguity are refused where they are written', () => {
    expect(refusal('SELECT campaign, COUNT(*) AS n FROM\n  dsp_impresions GROUP BY 1').message).toMatch(
      /^From line 2, column 3 to line 2, column 16: Object 'dsp_impresions' not found$/,
    );
    expect(refusal('SELECT campaign, COUNT(*) AS n FROM display_impressions GROUP BY 1').message).toContain(
      'display_impressions was retired; use dsp_impressions instead',
    );
    expect(refusal('SELECT campain, COUNT(*) AS n FROM dsp_clicks GROUP BY 1').message).toContain(
      "Column 'campain' not found in any table",
    );
    expect(refusal('SELECT c.campain, COUNT(*) AS n FROM dsp_clicks c GROUP BY 1').message).toContain(
      "Column 'campain' not found in table 'c'",
    );
    expect(refusal('SELECT x.campaign, COUNT(*) AS n FROM dsp_clicks c GROUP BY 1').message).toContain(
      "Table 'x' not found",
    );
    expect(
      refusal(
        'SELECT campaign, COUNT(*) AS n FROM dsp_clicks a JOIN dsp_impressions b ON a.request_tag = b.request_tag GROUP BY 1',
      ).message,
    ).toContain("Column 'campaign' is ambiguous");
    expect(refusal('SELECT campaign, SUM(clicks) AS n FROM dsp_clicks').message).toContain(
      "Expression 'campaign' is not being grouped",
    );
  });

  it('when a name could be a column or a select alias, then columns win except in HAVING, and GROUP BY may name an alias', () => {
    expect(() =>
      compile('SELECT campaign, SUM(clicks) AS clicks FROM dsp_clicks GROUP BY campaign HAVING clicks > 10'),
    ).not.toThrow();
    expect(() =>
      compile("SELECT IF(clicks > 1, 'multi', 'single') AS kind, COUNT(*) AS n FROM dsp_clicks GROUP BY kind"),
    ).not.toThrow();
    expect(() => compile('SELECT SUM(impressions) AS imps, imps * 2 AS doubled FROM dsp_impressions')).not.toThrow();
  });

  it('when parameters are referenced, then only declared CUSTOM_PARAMETERs and the two built-ins are accepted', () => {
    expect(refusal("SELECT COUNT(*) AS n FROM dsp_clicks WHERE campaign = CUSTOM_PARAMETER('c')").message).toBe(
      'Filter operation filter_operation referenced an undeclared parameter c.',
    );
    expect(
      refusal("SELECT COUNT(*) AS n FROM dsp_clicks WHERE click_dt_utc > BUILT_IN_PARAMETER('NOW')").message,
    ).toContain('undeclared parameter NOW');
  });
});
