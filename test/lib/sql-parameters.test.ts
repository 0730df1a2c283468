import { checkDeclarations, PARAMETER_LIMITS, ParameterError, renderSql } from '../../lib/sql-parameters';

const expectParameterError = (fn: () => unknown, code: string, parameter: string) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as ParameterError).code).toBe(code);
    expect((err as ParameterError).parameter).toBe(parameter);
    return;
  }
  throw new Error('expected a ParameterError');
};

describe('renderSql', () => {
  test('when values of every type are given, then they become safe SQL literals', () => {
    const { sql } = renderSql(
      'SELECT 1 FROM t WHERE a = {{s}} AND n > {{n}} AND d = {{d}} AND ts < {{ts}} AND c IN ({{sl}}) AND k IN ({{nl}})',
      {
        s: { type: 'string' },
        n: { type: 'number' },
        d: { type: 'date' },
        ts: { type: 'timestamp' },
        sl: { type: 'string_list' },
        nl: { type: 'number_list' },
      },
      { s: "O'Brien", n: '42', d: '2026-02-28', ts: '2026-02-28T10:00:00', sl: ['a', "b'c"], nl: [1, 2.5] },
    );
    expect(sql).toBe(
      "SELECT 1 FROM t WHERE a = 'O''Brien' AND n > 42 AND d = '2026-02-28' AND ts < '2026-02-28T10:00:00' AND c IN ('a', 'b''c') AND k IN (1, 2.5)",
    );
  });

  test('when a value is missing, then the default is used', () => {
    expect(renderSql('x > {{n}}', { n: { type: 'number', default: 7 } }).sql).toBe('x > 7');
  });

  test('when a placeholder is not declared, then it is named in the error', () => {
    expectParameterError(() => renderSql('x = {{ghost}}', {}), 'UNDECLARED_PARAMETER', 'ghost');
  });

  test('when a declared parameter is unused, then it is named in the error', () => {
    expectParameterError(
      () => renderSql('x = 1', { extra: { type: 'number', default: 1 } }),
      'UNUSED_PARAMETER',
      'extra',
    );
  });

  test('when hostile values are given, then they are refused or quoted', () => {
    const defs = { n: { type: 'number' as const }, d: { type: 'date' as const }, s: { type: 'string' as const } };
    expectParameterError(
      () => renderSql('{{n}} {{d}} {{s}}', defs, { n: '1; DROP TABLE x', d: '2026-01-01', s: '' }),
      'INVALID_PARAMETER',
      'n',
    );
    expectParameterError(
      () => renderSql('{{n}} {{d}} {{s}}', defs, { n: 1, d: "2026-01-01' OR 1=1", s: '' }),
      'INVALID_PARAMETER',
      'd',
    );
    expectParameterError(
      () => renderSql('{{n}} {{d}} {{s}}', defs, { n: 1, d: '2026-02-30', s: '' }),
      'INVALID_PARAMETER',
      'd',
    );
    expect(renderSql('{{s}}', { s: { type: 'string' } }, { s: "'; DROP TABLE x; --" }).sql).toBe(
      "'''; DROP TABLE x; --'",
    );
  });

  test('when a timestamp carries a zone, then it is refused (AMC wants zone-less times)', () => {
    expectParameterError(
      () => renderSql('{{t}}', { t: { type: 'timestamp' } }, { t: '2026-01-01T00:00:00Z' }),
      'INVALID_PARAMETER',
      't',
    );
  });

  test('when an optional parameter has no value and no default, then it renders NULL; a required one is MISSING', () => {
    expect(renderSql('x IN ({{ids}})', { ids: { type: 'number_list', required: false } }).sql).toBe('x IN (NULL)');
    expectParameterError(
      () => renderSql('x = {{n}}', { n: { type: 'number', required: true } }),
      'MISSING_PARAMETER',
      'n',
    );
    expectParameterError(
      () => renderSql('x = {{n}}', { n: { type: 'number' } }, { n: null }),
      'MISSING_PARAMETER',
      'n',
    );
    expect(renderSql('x = {{n}}', { n: { type: 'number', required: true, default: 3 } }).sql).toBe('x = 3');
  });

  test('when a placeholder sits inside a quoted identifier, a comment or an unclosed literal, then it is MISPLACED', () => {
    const defs = { s: { type: 'string' as const } };
    expectParameterError(() => checkDeclarations('x = "{{s}}"', defs), 'MISPLACED_PARAMETER', 's');
    expectParameterError(() => checkDeclarations("x = 'a {{s}}", defs), 'MISPLACED_PARAMETER', 's');
    expectParameterError(() => checkDeclarations('x = 1 -- {{s}}', defs), 'MISPLACED_PARAMETER', 's');
    expectParameterError(() => checkDeclarations('x = /* {{s}} */ 1', defs), 'MISPLACED_PARAMETER', 's');
    expectParameterError(() => checkDeclarations('x = {{ bad-name }}', {}), 'UNDECLARED_PARAMETER', 'bad-name');
  });

  test('when a default does not fit its type, then the declaration is refused at save time', () => {
    expectParameterError(
      () => checkDeclarations('{{d}}', { d: { type: 'date', default: '2026-13-01' } }),
      'INVALID_PARAMETER',
      'd',
    );
    expectParameterError(
      () => checkDeclarations('{{l}}', { l: { type: 'string_list', default: 'a' } }),
      'INVALID_PARAMETER',
      'l',
    );
  });

  test('when values break the limits or carry hostile characters, then they are refused', () => {
    const list = { l: { type: 'number_list' as const } };
    expectParameterError(
      () => renderSql('{{l}}', list, { l: Array.from({ length: PARAMETER_LIMITS.maxListElements + 1 }, () => 1) }),
      'INVALID_PARAMETER',
      'l',
    );
    expectParameterError(() => renderSql('{{l}}', list, { l: [1, '2; x'] }), 'INVALID_PARAMETER', 'l');
    const s = { s: { type: 'string' as const } };
    for (const bad of ['a\\', 'a\u0000', 'abc\u202e', '\ud800', 'x'.repeat(PARAMETER_LIMITS.maxStringLength + 1)]) {
      expectParameterError(() => renderSql('{{s}}', s, { s: bad }), 'INVALID_PARAMETER', 's');
    }
    expect(renderSql('{{s}}', s, { s: 'Ωmega \u2019s 𝕏' }).sql).toBe("'Ωmega \u2019s 𝕏'");
    const ts = { t: { type: 'timestamp' as const } };
    expectParameterError(() => renderSql('{{t}}', ts, { t: '2026-01-01T24:00:00' }), 'INVALID_PARAMETER', 't');
    expect(renderSql('{{t}}', ts, { t: '2026-01-01 23:59:59' }).sql).toBe("'2026-01-01T23:59:59'");
  });

  test('when a number is negative, then it is parenthesised so a minus before it cannot start a comment', () => {
    expect(renderSql('x -{{n}}', { n: { type: 'number' } }, { n: -1 }).sql).toBe('x -(-1)');
    expect(renderSql('x -{{n}}', { n: { type: 'number' } }, { n: '-2.5' }).sql).toBe('x -(-2.5)');
  });
});
