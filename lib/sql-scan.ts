/**
 * A small lexical scan of SQL text: where string literals ('…' with '' escapes), quoted identifiers ("…") and
 * comments (-- and /* *\/) sit. The parameter engine uses it to refuse placeholders written inside them: a
 * value rendered into '{{name}}' would close the surrounding quote, which is exactly how injection starts.
 */

export type SqlRegionKind = 'string' | 'identifier' | 'line_comment' | 'block_comment';

export interface SqlRegion {
  kind: SqlRegionKind;
  /** Offset of the opening character. */
  start: number;
  /** Offset just past the closing character (the end of the text when unterminated). */
  end: number;
  terminated: boolean;
}

function quotedEnd(sql: string, from: number, quote: string): { end: number; terminated: boolean } {
  let j = from + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) {
        j += 2; // doubled quote: an escaped quote inside the literal
        continue;
      }
      return { end: j + 1, terminated: true };
    }
    j++;
  }
  return { end: sql.length, terminated: false };
}

/** Every literal, quoted identifier and comment in `sql`, in order. */
export function sqlRegions(sql: string): SqlRegion[] {
  const regions: SqlRegion[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const { end, terminated } = quotedEnd(sql, i, ch);
      regions.push({ kind: ch === "'" ? 'string' : 'identifier', start: i, end, terminated });
      i = end;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl === -1 ? sql.length : nl;
      regions.push({ kind: 'line_comment', start: i, end, terminated: true });
      i = end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      const end = close === -1 ? sql.length : close + 2;
      regions.push({ kind: 'block_comment', start: i, end, terminated: close !== -1 });
      i = end;
    } else {
      i++;
    }
  }
  return regions;
}

/** The region containing `offset`, if any. */
export function regionAt(regions: SqlRegion[], offset: number): SqlRegion | undefined {
  return regions.find((r) => offset >= r.start && offset < r.end);
}

/** The text of a string literal region without its quotes and with '' turned back into '. */
export function stringLiteralValue(sql: string, region: SqlRegion): string {
  return sql.slice(region.start + 1, region.end - 1).replace(/''/g, "'");
}
