/** The pre-flight check: what AMC (and the parameter engine) would refuse, where, and what to write instead. */
import type { ParameterDefinition } from '../../db/tables';
import { checkSql } from '../../lib/sql-check';

type Defs = Record<string, ParameterDefinition>;

describe('pre-flight errors', () => {
  test('when a column is misspelt after a placeholder, then the error has its position in our SQL and the nearest names', () => {
    const sql =
      'SELECT {{label}} AS label,\n  campaing, COUNT(DISTINCT user_id) AS reach\nFROM dsp_impressions GROUP BY 1, 2';
    const report = checkSql(sql, { label: { type: 'string', default: 'x' } });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      {
        code: 'UNKNOWN_COLUMN',
        message: "Column 'campaing' not found in any table",
        line: 2,
        column: 3,
        suggestion: 'did you mean campaign?',
      },
    ]);
  });

  test('when a qualified column is misspelt, then the suggestions come from that alias’s table', () => {
    const report = checkSql('SELECT d.impresion_date, COUNT(*) AS n FROM dsp_impressions d GROUP BY 1');
    expect(report.errors[0]).toMatchObject({ code: 'UNKNOWN_COLUMN', line: 1, column: 10 });
    expect(report.errors[0]!.suggestion).toMatch(/^did you mean impression_date/);
  });

  test('when a table is misspelt or retired, then the nearest table or its replacement is suggested', () => {
    expect(checkSql('SELECT campaign, SUM(impressions) AS i FROM dsp_impresions GROUP BY 1').errors[0]).toMatchObject({
      code: 'UNKNOWN_TABLE',
      column: 45,
      suggestion: 'did you mean dsp_impressions?',
    });
    expect(
      checkSql('SELECT campaign, SUM(impressions) AS i FROM display_impressions GROUP BY 1').errors[0],
    ).toMatchObject({ code: 'RETIRED_TABLE', suggestion: 'use dsp_impressions' });
  });

  test.each([
    ['SELECT campaign, SUM(impressions) AS i FROM dsp_impressions GROUP BY 1 LIMIT 10', 'LIMIT_NOT_SUPPORTED'],
    ['SELECT campaign, SUM(impressions) AS i FROM dsp_impressions GROUP BY 1 ORDER BY 2', 'ORDER_BY_NOT_SUPPORTED'],
    ['SELECT user_id, SUM(impressions) AS i FROM dsp_impressions GROUP BY 1', 'VERY_HIGH_COLUMN_IN_OUTPUT'],
    ['SELECT campaign, impressions FROM dsp_impressions', 'AGGREGATION_REQUIRED'],
    [
      "SELECT campaign, SUM(impressions) AS i FROM dsp_impressions WHERE postal_code = '10001' GROUP BY 1",
      'LITERAL_FILTER_ON_SENSITIVE_COLUMN',
    ],
    ['SELECT campaign, SUM(impressions) AS i FROM dsp_impressions WHERE campaign = = 1 GROUP BY 1', 'SYNTAX_ERROR'],
  ])('when %s is checked, then AMC’s rule is the error %s, with a position and a suggestion', (sql, code) => {
    const [error] = checkSql(sql).errors;
    expect(error).toMatchObject({ code, line: 1, column: expect.any(Number) });
    if (code !== 'SYNTAX_ERROR') expect(error!.suggestion).toEqual(expect.any(String));
  });

  test('when parameters are undeclared, unused or conflicting, then each is an error (and the SQL is still compiled)', () => {
    const report = checkSql(
      "SELECT campaign, SUM(impressions) AS i FROM dsp_impressions WHERE campaign = {{c}} OR campaign = CUSTOM_PARAMETER('c') OR advertiser = CUSTOM_PARAMETER('ghost') GROUP BY 1 LIMIT 5",
      { c: { type: 'string' }, spare: { type: 'number' } },
    );
    expect(report.errors.map((e) => e.code)).toEqual([
      'CONFLICTING_PARAMETER',
      'UNDECLARED_PARAMETER',
      'LIMIT_NOT_SUPPORTED',
      'UNUSED_PARAMETER',
    ]);
    expect(report.parameters).toEqual([
      { name: 'c', style: 'placeholder', declared: true, inLiteral: false },
      { name: 'c', style: 'custom_parameter', declared: true },
      { name: 'ghost', style: 'custom_parameter', declared: false },
    ]);
  });
});

test('when a query nests thousands of parentheses, then the check answers an error instead of overflowing the stack', () => {
  const deep = `SELECT ${'('.repeat(5_000)}1${')'.repeat(5_000)} AS x FROM dsp_impressions`;
  expect(checkSql(deep).errors.map((e) => e.code)).toEqual(['QUERY_TOO_DEEPLY_NESTED']);
});

describe('pre-flight warnings', () => {
  test('when valid SQL outputs a column with a HIGH or MEDIUM threshold, then it is ok with a warning at that column', () => {
    const report = checkSql(
      'SELECT city_name,\n  impression_dt, SUM(impressions) AS i FROM dsp_impressions GROUP BY 1, 2',
    );
    expect(report).toMatchObject({ ok: true, errors: [], tables: ['dsp_impressions'] });
    expect(report.warnings.map((w) => [w.code, w.line, w.column])).toEqual([
      ['AGGREGATION_THRESHOLD', 1, 8],
      ['AGGREGATION_THRESHOLD', 2, 3],
    ]);
    expect(report.warnings[0]!.message).toMatch(/city_name \(aggregation threshold HIGH\)/);
  });

  test('when valid SQL reads a paid-feature table, then it is ok with a warning where the table is named', () => {
    const report = checkSql('SELECT tracked_asin, SUM(conversions) AS c\nFROM conversions_all GROUP BY 1');
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([expect.objectContaining({ code: 'PAID_FEATURE_TABLE', line: 2, column: 6 })]);
  });

  test('when placeholders cannot be NULL, render NULL for "all", or cannot be synced, then each is a warning', () => {
    const defs: Defs = {
      t: { type: 'string', required: false },
      c: { type: 'string_list', required: false },
      days: { type: 'number', default: 7 },
    };
    const report = checkSql(
      "SELECT campaign, SUM(impressions) AS i FROM dsp_impressions WHERE campaign LIKE '%{{t}}%' AND advertiser IN ({{c}}) AND impression_dt_utc > CURRENT_DATE - INTERVAL '{{days}}' DAY GROUP BY 1",
      defs,
    );
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => w.code)).toEqual([
      'PLACEHOLDER_NEEDS_VALUE',
      'OPTIONAL_LIST_RENDERS_NULL',
      'UNSYNCABLE_PARAMETER',
    ]);
  });

  test('when an audience table is read, then the warning names the reporting table', () => {
    const report = checkSql('SELECT user_id FROM dsp_impressions_for_audiences GROUP BY 1');
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: 'AUDIENCE_TABLE', suggestion: 'for a report, read dsp_impressions instead' }),
    ]);
  });
});
