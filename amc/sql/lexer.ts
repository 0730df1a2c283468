/**
 * Tokens of AMC SQL. Tolerant where pasted SQL differs from typed SQL: every Unicode space (U+00A0 no-break
 * space, U+2000–U+200A, U+3000, zero-width spaces, a byte-order mark) separates tokens like an ASCII space, and
 * comments (`--`, `/* *\/`) are skipped. Offsets are UTF-16 indices into the original text, so every error
 * position points at what the user wrote.
 */
import { SqlRefusal } from './errors';

export type TokenType = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** Identifier text (unquoted for `quoted`), literal value for `string`, the operator for `op`. */
  value: string;
  start: number;
  end: number;
}

/** Whitespace as a pasting user experiences it: JS `\s` (which includes U+00A0 and U+3000) plus zero-width spaces. */
const SPACE = /\s|\u200B|\u200C|\u200D|\u2060|\uFEFF/;
const WORD_START = /[A-Za-z_\u00C0-\u024F]/;
const WORD_PART = /[A-Za-z0-9_$\u00C0-\u024F]/;
const OPERATORS = ['<=>', '<>', '!=', '>=', '<=', '||', '::', '=>', '==', ...'=<>+-*/%(),.;[]:?{}|&^~!'];

export function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) throw new SqlRefusal(i, 2, 'Lexical error: the comment that starts here is never closed');
      i = close + 2;
    } else if (ch === "'") {
      const { value, end } = quoted(sql, i, "'", 'string literal');
      tokens.push({ type: 'string', value, start: i, end });
      i = end;
    } else if (ch === '"' || ch === '`') {
      const { value, end } = quoted(sql, i, ch, 'quoted identifier');
      tokens.push({ type: 'quoted', value, start: i, end });
      i = end;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i, i + 400))!;
      tokens.push({ type: 'number', value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      tokens.push({ type: 'word', value: sql.slice(i, j), start: i, end: j });
      i = j;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (!op) throw new SqlRefusal(i, 1, `Lexical error: unexpected character '${ch}' (U+${hex(ch)})`);
      tokens.push({ type: 'op', value: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  tokens.push({ type: 'eof', value: '', start: n, end: n });
  return tokens;
}

function quoted(sql: string, from: number, q: string, what: string): { value: string; end: number } {
  let j = from + 1;
  let value = '';
  for (;;) {
    if (j >= sql.length) throw new SqlRefusal(from, 1, `Lexical error: the ${what} that starts here is never closed`);
    if (sql[j] === q) {
      if (sql[j + 1] === q) {
        value += q;
        j += 2;
        continue;
      }
      return { value, end: j + 1 };
    }
    value += sql[j];
    j++;
  }
}

function hex(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
