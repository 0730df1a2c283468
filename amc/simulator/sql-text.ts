/**
 * Text-level helpers for the SQL "compiler". AMC-specific constructs are rewritten to plain identifiers
 * *of no greater length*, padded with spaces (newlines kept), so every offset, line and column the parser
 * reports still points at the user's original text.
 */

export interface SqlMarker {
  name: string;
  offset: number;
}

export interface PreprocessedSql {
  text: string;
  customParameters: SqlMarker[];
  builtInParameters: SqlMarker[];
  /** TABLE(EXTEND_TIME_WINDOW('t', before, after)) uses, with the identifier that replaced each. */
  extendedTables: (SqlMarker & { ident: string; durations: string[] })[];
}

/** Blanks string-literal contents and comments (keeping quotes and newlines) so keyword searches skip them. */
export function maskSql(sql: string): string {
  const out = sql.split('');
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      blank(i, j);
      i = j;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? sql.length : end + 2;
      blank(i, j);
      i = j;
    } else {
      i++;
    }
  }
  return out.join('');
}

const REWRITES: { keyword: RegExp; full: RegExp; kind: 'custom' | 'builtin' | 'table' }[] = [
  { keyword: /\bCUSTOM_PARAMETER\s*\(/gi, full: /CUSTOM_PARAMETER\s*\(\s*'([^']*)'\s*\)/iy, kind: 'custom' },
  { keyword: /\bBUILT_IN_PARAMETER\s*\(/gi, full: /BUILT_IN_PARAMETER\s*\(\s*'([^']*)'\s*\)/iy, kind: 'builtin' },
  // TABLE(EXTEND_TIME_WINDOW('dsp_impressions','P14D','P1D')) reads the named table with a wider window.
  {
    keyword: /\bTABLE\s*\(\s*EXTEND_TIME_WINDOW\s*\(/gi,
    full: /TABLE\s*\(\s*EXTEND_TIME_WINDOW\s*\(\s*'([A-Za-z0-9_]+)'(?:\s*,\s*'[^']*')*\s*\)\s*\)/iy,
    kind: 'table',
  },
];

/** `extendedIdent` names the identifier an extended table becomes (default: the table's own name). */
export function preprocessSql(
  sql: string,
  masked: string,
  extendedIdent: (name: string, index: number) => string = (name) => name,
): PreprocessedSql {
  let text = sql;
  const customParameters: SqlMarker[] = [];
  const builtInParameters: SqlMarker[] = [];
  const extendedTables: PreprocessedSql['extendedTables'] = [];
  for (const rule of REWRITES) {
    for (const hit of masked.matchAll(rule.keyword)) {
      rule.full.lastIndex = hit.index;
      const m = rule.full.exec(text);
      if (!m || m[1] === undefined) continue;
      const name = m[1];
      let ident: string;
      if (rule.kind === 'custom') {
        ident = `__cp_${customParameters.length}`;
        customParameters.push({ name, offset: hit.index });
      } else if (rule.kind === 'builtin') {
        ident = `__bp_${builtInParameters.length}`;
        builtInParameters.push({ name, offset: hit.index });
      } else {
        ident = extendedIdent(name, extendedTables.length);
        const durations = [...m[0].matchAll(/'([^']*)'/g)].slice(1).map((d) => d[1]!);
        extendedTables.push({ name, offset: hit.index, ident, durations });
      }
      const padding = m[0].slice(ident.length).replace(/[^\n]/g, ' ');
      text = text.slice(0, hit.index) + ident + padding + text.slice(hit.index + m[0].length);
    }
  }
  return { text, customParameters, builtInParameters, extendedTables };
}

/** 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

/** Length of the token starting at offset (a word, a quoted literal, or one character). */
export function tokenLengthAt(text: string, offset: number): number {
  const rest = text.slice(offset);
  const word = /^[A-Za-z0-9_]+/.exec(rest) ?? /^'(?:[^']|'')*'/.exec(rest) ?? /^"[^"]*"/.exec(rest);
  return word ? word[0].length : Math.min(1, rest.length);
}

/** Offsets of ORDER BY clauses that are not directly inside an OVER (...) window specification. */
export function orderByOutsideOver(masked: string): number[] {
  const stack: boolean[] = []; // per open paren: does it belong to OVER?
  const found: number[] = [];
  const re = /\bOVER\s*\(|\(|\)|\bORDER\s+BY\b/gi;
  for (const m of masked.matchAll(re)) {
    const tok = m[0].toUpperCase();
    if (tok.startsWith('OVER')) stack.push(true);
    else if (tok === '(') stack.push(false);
    else if (tok === ')') stack.pop();
    else if (!stack[stack.length - 1]) found.push(m.index);
  }
  return found;
}
