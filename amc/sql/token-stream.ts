/** A cursor over the tokens of one statement, with the helpers a recursive-descent parser needs. */
import type { Ident, Span } from './ast';
import { SqlRefusal } from './errors';
import type { Token } from './lexer';

/**
 * Words that cannot be a bare identifier or an alias without AS. Kept short on purpose: AMC columns and aliases
 * such as `date`, `hour`, `year`, `rank`, `position`, `value` or `type` must stay usable.
 */
export const RESERVED = new Set(
  (
    'ALL AND AS BETWEEN BY CASE CROSS DISTINCT ELSE END EXCEPT EXISTS FALSE FETCH FROM FULL GROUP HAVING IN ' +
    'INNER INTERSECT IS JOIN LATERAL LEFT LIKE ILIKE RLIKE LIMIT MINUS NATURAL NOT NULL OFFSET ON OR ORDER ' +
    'OUTER QUALIFY RIGHT SELECT SIMILAR THEN TRUE UNION USING VALUES WHEN WHERE WINDOW WITH'
  ).split(' '),
);

export class TokenStream {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  get index(): number {
    return this.pos;
  }

  reset(index: number): void {
    this.pos = index;
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  /** End offset of the last consumed token. */
  get lastEnd(): number {
    return this.tokens[Math.max(0, this.pos - 1)]!.end;
  }

  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'word' && t.value.toUpperCase() === word;
  }

  isAnyWord(words: string[], ahead = 0): boolean {
    return words.some((w) => this.isWord(w, ahead));
  }

  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'op' && t.value === op;
  }

  acceptWord(...words: string[]): boolean {
    for (const [i, w] of words.entries()) if (!this.isWord(w, i)) return false;
    for (let i = 0; i < words.length; i++) this.next();
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected([word]);
    return this.next();
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected([op]);
    return this.next();
  }

  /** A name: an unreserved word or a quoted identifier (`allowReserved` after AS or a dot). */
  isIdent(ahead = 0, allowReserved = false): boolean {
    const t = this.peek(ahead);
    if (t.type === 'quoted') return true;
    return t.type === 'word' && (allowReserved || !RESERVED.has(t.value.toUpperCase()));
  }

  ident(allowReserved = false): Ident {
    if (!this.isIdent(0, allowReserved)) throw this.unexpected(['an identifier']);
    const t = this.next();
    return { name: t.value, quoted: t.type === 'quoted', start: t.start, end: t.end };
  }

  span(start: number): Span {
    return { start, end: this.lastEnd };
  }

  /** Calcite-style: `Encountered "x". Was expecting one of: …` at the current token. */
  unexpected(expected: string[] = []): SqlRefusal {
    const t = this.peek();
    const found = t.type === 'eof' ? '<EOF>' : t.type === 'string' ? `'${t.value}'` : t.value;
    const hint = expected.length > 0 ? `. Was expecting one of: ${expected.map((e) => `"${e}"`).join(', ')}` : '';
    return new SqlRefusal(t.start, Math.max(1, t.end - t.start), `Encountered "${found}"${hint}`);
  }
}
