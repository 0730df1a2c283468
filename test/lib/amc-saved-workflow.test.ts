/** A saved query as an AMC saved workflow: every parameter a CUSTOM_PARAMETER, positions mapped back. */
import { toAmcSavedWorkflowSql } from '../../lib/amc-saved-workflow';
import { ParameterError } from '../../lib/sql-parameters';

function unsyncable(sql: string, parameters: Parameters<typeof toAmcSavedWorkflowSql>[1]): ParameterError {
  try {
    toAmcSavedWorkflowSql(sql, parameters);
  } catch (err) {
    if (err instanceof ParameterError) return err;
    throw err;
  }
  throw new Error('expected a ParameterError');
}

test("when placeholders are bare, whole literals, inside literals or typed literals, then each becomes CUSTOM_PARAMETER('x') in an expression AMC takes", () => {
  const out = toAmcSavedWorkflowSql(
    "SELECT {{a}} AS a, '{{t}}' AS t FROM x WHERE s LIKE '%{{t}}''s%' AND d >= DATE '{{d}}' AND c = CUSTOM_PARAMETER('c')",
    {
      a: { type: 'number', default: 3 },
      t: { type: 'string', required: false },
      d: { type: 'date', default: '2026-01-01' },
      c: { type: 'string_list', default: [] },
    },
  );
  expect(out.sqlQuery).toBe(
    "SELECT CUSTOM_PARAMETER('a') AS a, CUSTOM_PARAMETER('t') AS t FROM x WHERE s LIKE CONCAT('%', CUSTOM_PARAMETER('t'), '''s%') AND d >= CUSTOM_PARAMETER('d') AND c = CUSTOM_PARAMETER('c')",
  );
  expect(out.inputParameters).toEqual([
    { name: 'a', dataType: 'LONG', defaultValue: 3 },
    { name: 't', dataType: 'STRING', defaultValue: null },
    { name: 'd', dataType: 'DATE', defaultValue: '2026-01-01' },
    { name: 'c', dataType: { type: 'ARRAY', elementDataType: 'STRING' }, defaultValue: [] },
  ]);
});

test('when a placeholder sits in an INTERVAL literal, an EXTEND_TIME_WINDOW argument or is a number inside a literal, then it cannot be synced (UNSYNCABLE_PARAMETER)', () => {
  const n = { n: { type: 'number' as const, default: 14 } };
  expect(unsyncable("SELECT 1 FROM t WHERE d > CURRENT_DATE - INTERVAL '{{n}}' DAY", n)).toMatchObject({
    code: 'UNSYNCABLE_PARAMETER',
    parameter: 'n',
  });
  const s = { w: { type: 'string' as const, default: 'P14D' } };
  expect(
    unsyncable("SELECT COUNT(*) AS c FROM TABLE(EXTEND_TIME_WINDOW('dsp_impressions', '{{w}}', 'P0D'))", s),
  ).toMatchObject({ code: 'UNSYNCABLE_PARAMETER', parameter: 'w' });
  expect(unsyncable("SELECT CONCAT('n=', 'x{{n}}') AS c FROM t", n).message).toMatch(/number inside a string literal/);
});

test('when AMC reports a position after a rewritten literal, then it maps back to the same place in our SQL', () => {
  const sql = "SELECT x LIKE '%{{t}}%' AS m,\n  bad_column FROM t";
  const out = toAmcSavedWorkflowSql(sql, { t: { type: 'string', default: 'a' } });
  const amcLine2 = out.sqlQuery.split('\n')[1]!;
  expect(out.toOriginalPosition(2, amcLine2.indexOf('bad_column') + 1)).toEqual({ line: 2, column: 3 });
  const amcColumn = out.sqlQuery.indexOf('AS m') + 1;
  expect(out.toOriginalPosition(1, amcColumn)).toEqual({ line: 1, column: sql.indexOf('AS m') + 1 });
  // Inside the CONCAT we wrote: the literal's start.
  expect(out.toOriginalPosition(1, out.sqlQuery.indexOf('CUSTOM_PARAMETER') + 1)).toEqual({
    line: 1,
    column: sql.indexOf("'%") + 1,
  });
});
