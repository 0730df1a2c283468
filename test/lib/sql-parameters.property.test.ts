/**
 * Property tests: whatever a caller sends, a rendered value is either refused or lands as exactly the literal(s)
 * it should be — it never closes a quote, opens a comment or adds SQL of its own.
 */
import fc from 'fast-check';
import { ParameterError, renderSql } from '../../lib/sql-parameters';
import { sqlRegions, stringLiteralValue } from '../../lib/sql-scan';

const HOSTILE = [
  "'",
  "''",
  "\\'",
  '\\',
  '"',
  '--',
  '/*',
  '*/',
  ';',
  '\n',
  '\r',
  '\u0000',
  '\u001b',
  '\u202e',
  '\u2066',
  '\ud800',
  '\udfff',
  '\u2019',
  '\uff07',
  '{{s}}',
  "' OR 1=1 --",
  "'); DROP TABLE x; --",
  'Ω',
  '𝕏',
  '\u00a0',
];
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary-ascii', maxLength: 4 })), { maxLength: 8 })
    .map((p) => p.join('')),
);
const anyValue = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.array(hostileString, { maxLength: 3 }),
);

const PREFIX = 'SELECT a, SUM(b) AS s FROM t WHERE x = ';
const SUFFIX = ' AND y > 1 -- trailing comment\nGROUP BY a';

/** Renders `value` as `type` at one placeholder; undefined when refused with INVALID_PARAMETER. */
function renderOne(type: string, value: unknown, template = `${PREFIX}{{p}}${SUFFIX}`): string | undefined {
  try {
    return renderSql(template, { p: { type } as never }, { p: value }).sql;
  } catch (err) {
    if (err instanceof ParameterError && err.code === 'INVALID_PARAMETER' && err.parameter === 'p') return undefined;
    throw err;
  }
}

/** The rendered SQL keeps the template's text around the literal, and the template's own comment stays last. */
function literalPart(sql: string): string {
  expect(sql.startsWith(PREFIX)).toBe(true);
  expect(sql.endsWith(SUFFIX)).toBe(true);
  return sql.slice(PREFIX.length, sql.length - SUFFIX.length);
}

describe('parameter engine properties', () => {
  test('when any string is rendered, then it is refused or becomes exactly one literal holding that string', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const sql = renderOne('string', s);
        if (sql === undefined) return;
        const part = literalPart(sql);
        const regions = sqlRegions(part);
        expect(regions).toHaveLength(1);
        expect(regions[0]).toMatchObject({ kind: 'string', start: 0, end: part.length, terminated: true });
        expect(stringLiteralValue(part, regions[0]!)).toBe(s);
        // The whole statement has the literal plus the template's one comment, nothing else.
        expect(sqlRegions(sql).map((r) => r.kind)).toEqual(['string', 'line_comment']);
      }),
      { numRuns: 2000 },
    );
  });

  test('when any list is rendered, then each element is its own literal and nothing else is added', () => {
    fc.assert(
      fc.property(fc.array(hostileString, { minLength: 1, maxLength: 6 }), (list) => {
        const sql = renderOne('string_list', list, `${PREFIX}({{p}})${SUFFIX}`);
        if (sql === undefined) return;
        const part = literalPart(sql).slice(1, -1);
        const regions = sqlRegions(part);
        expect(regions.map((r) => stringLiteralValue(part, r))).toEqual(list);
        let rest = part;
        for (const r of [...regions].reverse()) rest = rest.slice(0, r.start) + rest.slice(r.end);
        expect(rest).toBe(', '.repeat(list.length - 1));
      }),
      { numRuns: 1000 },
    );
  });

  test('when any value is rendered as a number, then only a numeric literal appears (no comment after a minus)', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, fc.double().map(String), fc.integer().map(String)), (value) => {
        const sql = renderOne('number', value, `${PREFIX}0 -{{p}}${SUFFIX}`);
        if (sql === undefined) return;
        const part = literalPart(sql).slice('0 -'.length);
        expect(part).toMatch(/^(\(-[0-9.]+(e[+-]\d+)?\)|[0-9.]+(e[+-]\d+)?)$/);
        expect(sqlRegions(sql).map((r) => r.kind)).toEqual(['line_comment']);
        for (const v of [Number(part.replace(/[()]/g, ''))]) expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test.each(['date', 'timestamp', 'number_list'])(
    'when any value is rendered as %s, then it is refused or safe',
    (type) => {
      fc.assert(
        fc.property(anyValue, (value) => {
          const sql = renderOne(type, value);
          if (sql === undefined) return;
          const part = literalPart(sql);
          const regions = sqlRegions(part);
          if (type === 'number_list') expect(regions).toHaveLength(0);
          else expect(regions).toEqual([{ kind: 'string', start: 0, end: part.length, terminated: true }]);
        }),
        { numRuns: 1000 },
      );
    },
  );

  test('when a hostile parameter name or value key is given, then it is refused by name', () => {
    fc.assert(
      fc.property(hostileString, (name) => {
        fc.pre(!Object.hasOwn({ p: 1 }, name));
        expect(() => renderSql('SELECT {{p}}', { p: { type: 'number' } }, { p: 1, [name]: 1 })).toThrow(ParameterError);
      }),
      { numRuns: 300 },
    );
  });
});
