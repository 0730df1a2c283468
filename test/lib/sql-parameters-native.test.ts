/** Placeholders inside string literals and AMC-native CUSTOM_PARAMETER('x') in the parameter engine. */
import type { ParameterDefinition } from '../../db/tables';
import { checkDeclarations, ParameterError, parameterProblems, renderSql } from '../../lib/sql-parameters';

type Defs = Record<string, ParameterDefinition>;

function errorOf(fn: () => unknown): ParameterError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParameterError) return err;
    throw err;
  }
  throw new Error('expected a ParameterError');
}

describe('placeholders inside string literals', () => {
  test("when a value stands inside '…', then its text is escaped into the literal (quotes doubled)", () => {
    const defs: Defs = { t: { type: 'string' }, n: { type: 'number' }, d: { type: 'date' } };
    const sql = "SELECT '{{t}}' AS t, x LIKE '%{{t}}%' AS m, INTERVAL '{{n}}' DAY AS i, 'P{{n}}D' AS p, '{{d}}' AS d";
    expect(renderSql(sql, defs, { t: "O'Brien", n: -14, d: '2026-01-31' }).sql).toBe(
      "SELECT 'O''Brien' AS t, x LIKE '%O''Brien%' AS m, INTERVAL '-14' DAY AS i, 'P-14D' AS p, '2026-01-31' AS d",
    );
  });

  test('when the same parameter is used bare and inside a literal, then each use gets its own form', () => {
    const defs: Defs = { n: { type: 'number', default: 7 } };
    expect(renderSql("x > {{n}} AND y = 'n={{n}}'", defs).sql).toBe("x > 7 AND y = 'n=7'");
  });

  test('when a value inside a literal has a control or bidirectional character or a backslash, then it is refused', () => {
    for (const bad of ['a\u0000', 'a\u202eb', 'a\\', '\ud800']) {
      expect(errorOf(() => renderSql("x = '{{s}}'", { s: { type: 'string' } }, { s: bad }))).toMatchObject({
        code: 'INVALID_PARAMETER',
        parameter: 's',
      });
    }
  });

  test('when a placeholder inside a literal has no value (optional, no default), then the run is MISSING it', () => {
    const err = errorOf(() => renderSql("x LIKE '%{{t}}%'", { t: { type: 'string', required: false } }));
    expect(err).toMatchObject({ code: 'MISSING_PARAMETER', parameter: 't' });
    expect(err.message).toMatch(/inside a string literal/);
  });

  test('when a list parameter stands inside a literal, then the declaration is refused (a list stands bare)', () => {
    expect(errorOf(() => checkDeclarations("x IN ('{{l}}')", { l: { type: 'string_list' } }))).toMatchObject({
      code: 'MISPLACED_PARAMETER',
      parameter: 'l',
    });
  });

  test('when a placeholder is inside the name of a CUSTOM_PARAMETER, then it is MISPLACED', () => {
    expect(errorOf(() => checkDeclarations("x = CUSTOM_PARAMETER('{{n}}')", { n: { type: 'string' } }))).toMatchObject({
      code: 'MISPLACED_PARAMETER',
      parameter: 'n',
    });
  });
});

describe("AMC-native CUSTOM_PARAMETER('x')", () => {
  const sql =
    "SELECT campaign, SUM(impressions) AS imps FROM dsp_impressions WHERE (CUSTOM_PARAMETER('ids') IS NULL OR ARRAY_CONTAINS(CUSTOM_PARAMETER('ids'), campaign_id)) AND impression_dt >= custom_parameter( 'since' ) GROUP BY 1 HAVING SUM(impressions) > CUSTOM_PARAMETER('min')";
  const defs: Defs = {
    ids: { type: 'number_list', required: false },
    since: { type: 'date' },
    min: { type: 'number', default: 2.5, description: 'at least' },
  };

  test('when the SQL uses CUSTOM_PARAMETER, then it stays in the SQL and travels as inputParameters + parameterValues', () => {
    const rendered = renderSql(sql, defs, { ids: ['58100001', 58100002], since: '2026-01-01' });
    expect(rendered.sql).toBe(sql);
    expect(rendered.amcParameters).toEqual({
      inputParameters: [
        { name: 'ids', dataType: { type: 'ARRAY', elementDataType: 'LONG' } },
        { name: 'since', dataType: 'DATE' },
        { name: 'min', dataType: 'DOUBLE', description: 'at least' },
      ],
      parameterValues: { ids: [58100001, 58100002], since: '2026-01-01', min: 2.5 },
    });
    expect(rendered.values).toEqual({ ids: [58100001, 58100002], since: '2026-01-01', min: 2.5 });
  });

  test('when an optional list has no value, or an empty one, then it is sent as null or [] (meaning "all")', () => {
    expect(renderSql(sql, defs, { since: '2026-01-01' }).amcParameters?.parameterValues.ids).toBeNull();
    const empty = renderSql(sql, defs, { since: '2026-01-01', ids: [] }).amcParameters!;
    expect(empty.parameterValues.ids).toEqual([]);
    expect(empty.inputParameters[0]!.dataType).toEqual({ type: 'ARRAY', elementDataType: 'LONG' });
  });

  test('when a whole number is given, then the number is LONG; a fraction is DOUBLE', () => {
    const one: Defs = { n: { type: 'number' } };
    expect(renderSql("x > CUSTOM_PARAMETER('n')", one, { n: '5' }).amcParameters).toEqual({
      inputParameters: [{ name: 'n', dataType: 'LONG' }],
      parameterValues: { n: 5 },
    });
    expect(renderSql("x > CUSTOM_PARAMETER('n')", one, { n: 0.5 }).amcParameters!.inputParameters[0]!.dataType).toBe(
      'DOUBLE',
    );
  });

  test('when a value does not fit its type, then it is INVALID before anything is sent', () => {
    for (const [name, value] of [
      ['since', '2026-02-30'],
      ['ids', [1, 'x']],
      ['ids', 'not a list'],
      ['min', 'many'],
    ] as const) {
      expect(errorOf(() => renderSql(sql, defs, { since: '2026-01-01', [name]: value }))).toMatchObject({
        code: 'INVALID_PARAMETER',
        parameter: name,
      });
    }
    expect(errorOf(() => renderSql(sql, defs, {}))).toMatchObject({ code: 'MISSING_PARAMETER', parameter: 'since' });
  });

  test('when CUSTOM_PARAMETER is not declared, then it is UNDECLARED; inside comments and literals it does not count', () => {
    expect(errorOf(() => checkDeclarations("x = CUSTOM_PARAMETER('ghost')", {}))).toMatchObject({
      code: 'UNDECLARED_PARAMETER',
      parameter: 'ghost',
      message: "CUSTOM_PARAMETER('ghost') is not declared in parameters",
    });
    expect(() =>
      checkDeclarations("SELECT 'CUSTOM_PARAMETER(''a'')' -- CUSTOM_PARAMETER('b')\n/* CUSTOM_PARAMETER('c') */", {}),
    ).not.toThrow();
    expect(errorOf(() => checkDeclarations("x = CUSTOM_PARAMETER('a-b')", {}))).toMatchObject({
      code: 'UNDECLARED_PARAMETER',
      parameter: 'a-b',
    });
  });

  test("when {{x}} and CUSTOM_PARAMETER('x') name one parameter, then it is CONFLICTING (also when only the case differs)", () => {
    const both = errorOf(() =>
      checkDeclarations("x = {{c}} OR y = CUSTOM_PARAMETER('c')", { c: { type: 'string', default: 'a' } }),
    );
    expect(both).toMatchObject({ code: 'CONFLICTING_PARAMETER', parameter: 'c' });
    expect(
      errorOf(() =>
        checkDeclarations("x = {{Camp}} OR y = CUSTOM_PARAMETER('camp')", {
          Camp: { type: 'string' },
          camp: { type: 'string' },
        }),
      ),
    ).toMatchObject({ code: 'CONFLICTING_PARAMETER', parameter: 'Camp' });
  });

  test('when a declaration is not used by either style, then it is UNUSED; a bad default is INVALID', () => {
    const problems = parameterProblems("x = CUSTOM_PARAMETER('a')", {
      a: { type: 'date', default: 'yesterday' },
      b: { type: 'number' },
    });
    expect(problems.map((p) => [p.code, p.parameter])).toEqual([
      ['INVALID_PARAMETER', 'a'],
      ['UNUSED_PARAMETER', 'b'],
    ]);
  });

  test('when an AMC-native string carries a backslash, then it is kept (it never becomes SQL text)', () => {
    const r = renderSql("x RLIKE CUSTOM_PARAMETER('re')", { re: { type: 'string' } }, { re: '^a\\d+' });
    expect(r.amcParameters!.parameterValues.re).toBe('^a\\d+');
  });
});
