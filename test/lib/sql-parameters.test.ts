import { ParameterError, renderSql } from '../../lib/sql-parameters';

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
      "SELECT 1 FROM t WHERE a = {{s}} AND n > {{n}} AND d = {{d}} AND ts < {{ts}} AND c IN ({{sl}}) AND k IN ({{nl}})",
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
    expectParameterError(() => renderSql('x = 1', { extra: { type: 'number', default: 1 } }), 'UNUSED_PARAMETER', 'extra');
  });

  test('when hostile values are given, then they are refused or quoted', () => {
    const defs = { n: { type: 'number' as const }, d: { type: 'date' as const }, s: { type: 'string' as const } };
    expectParameterError(() => renderSql('{{n}} {{d}} {{s}}', defs, { n: '1; DROP TABLE x', d: '2026-01-01', s: '' }), 'INVALID_PARAMETER', 'n');
    expectParameterError(() => renderSql('{{n}} {{d}} {{s}}', defs, { n: 1, d: "2026-01-01' OR 1=1", s: '' }), 'INVALID_PARAMETER', 'd');
    expectParameterError(() => renderSql('{{n}} {{d}} {{s}}', defs, { n: 1, d: '2026-02-30', s: '' }), 'INVALID_PARAMETER', 'd');
    expect(renderSql('{{s}}', { s: { type: 'string' } }, { s: "'; DROP TABLE x; --" }).sql).toBe("'''; DROP TABLE x; --'");
  });

  test('when a timestamp carries a zone, then it is refused (AMC wants zone-less times)', () => {
    expectParameterError(
      () => renderSql('{{t}}', { t: { type: 'timestamp' } }, { t: '2026-01-01T00:00:00Z' }),
      'INVALID_PARAMETER',
      't',
    );
  });
});
