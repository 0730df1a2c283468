/**
 * Property tests: whatever a caller sends, a rendered value is either refused or lands as exactly the literal(s)
 * it should be — it never closes a quote, opens a comment or adds SQL of its own. Placeholders inside a literal
 * the query opened are checked with the AMC SQL front end's own lexer (amc/sql/lexer.ts): the rendered statement
 * has the template's tokens, with only that literal's value changed.
 */
import fc from 'fast-check';
import { tokenize } from '../../amc/sql/lexer';
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

/** Text that may stand inside a '…' literal of the template: any characters, its quotes doubled. */
const literalText = fc.string({ unit: 'binary', maxLength: 12 }).filter((t) => !t.includes('{{') && !t.includes('}}'));
const escapeText = (t: string) => t.replace(/'/g, "''");
/** Where the literal stands in a statement: its opening and what follows its closing quote. */
const CONTEXTS: [string, string][] = [
  ['SELECT ', ' AS label, SUM(b) AS s FROM t GROUP BY 1'],
  ['SELECT a, SUM(b) AS s FROM t WHERE c LIKE ', " -- it's a comment\nGROUP BY a"],
  ['SELECT a FROM t WHERE d >= CURRENT_DATE - INTERVAL ', ' DAY GROUP BY a'],
  ['SELECT a FROM TABLE(EXTEND_TIME_WINDOW(', ", 'P0D')) /* x */ GROUP BY a"],
];

describe('placeholders inside string literals: properties', () => {
  test.each(['string', 'number', 'date', 'timestamp'])(
    'when any %s value is rendered inside a literal at any position, then the AMC lexer sees the same statement with only that literal changed, holding exactly the value',
    (type) => {
      fc.assert(
        fc.property(
          fc.constantFrom(...CONTEXTS),
          literalText,
          literalText,
          type === 'string' ? hostileString : anyValue,
          ([open, close], before, after, value) => {
            const template = `${open}'${escapeText(before)}{{p}}${escapeText(after)}'${close}`;
            let sql: string;
            try {
              sql = renderSql(template, { p: { type } as never }, { p: value }).sql;
            } catch (err) {
              if (err instanceof ParameterError && err.code === 'INVALID_PARAMETER') return;
              throw err;
            }
            const expected = tokenize(template);
            const actual = tokenize(sql);
            const at = expected.findIndex((t) => t.type === 'string' && t.value.includes('{{p}}'));
            // Same tokens before and after the literal (values and types), so the value added no SQL of its own.
            expect(actual.map((t) => [t.type, t.value]).filter((_t, i) => i !== at)).toEqual(
              expected.map((t) => [t.type, t.value]).filter((_t, i) => i !== at),
            );
            const literal = actual[at]!;
            expect(literal).toMatchObject({ type: 'string', start: open.length });
            expect(sql.slice(literal.end)).toBe(close);
            const text = literal.value.slice(before.length, literal.value.length - after.length);
            expect(literal.value.startsWith(before) && literal.value.endsWith(after)).toBe(true);
            if (type === 'string') expect(text).toBe(value);
            else if (type === 'number') expect(Number(text)).toBe(Number(String(value).trim()) || 0);
            else expect(text).toBe(String(value).replace(' ', 'T'));
          },
        ),
        { numRuns: 1500 },
      );
    },
  );

  test('when several placeholders share one literal, then each value lands in its own place and nothing leaves it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(literalText, hostileString), { minLength: 1, maxLength: 4 }), (parts) => {
        const names = parts.map((_p, i) => `p${i}`);
        const template = `SELECT '${parts.map(([t], i) => `${escapeText(t)}{{${names[i]}}}`).join('')}' AS x FROM t GROUP BY 1`;
        const defs = Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));
        const values = Object.fromEntries(parts.map(([, v], i) => [names[i]!, v]));
        let sql: string;
        try {
          sql = renderSql(template, defs, values).sql;
        } catch (err) {
          if (err instanceof ParameterError && err.code === 'INVALID_PARAMETER') return;
          throw err;
        }
        const tokens = tokenize(sql);
        expect(tokens.map((t) => t.type)).toEqual(tokenize(template).map((t) => t.type));
        expect(tokens[1]!.value).toBe(parts.map(([t, v]) => t + v).join(''));
      }),
      { numRuns: 1000 },
    );
  });
});
