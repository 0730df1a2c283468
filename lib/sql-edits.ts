/**
 * Replacements in a SQL text that keep a map back to the original: an error AMC (or our front end) reports at a
 * line and column of the edited SQL is shown at the same place in the user's own text.
 */

export interface SqlEdit {
  /** Offset and length of the replaced text in the original. */
  offset: number;
  length: number;
  text: string;
}

export interface EditedSql {
  sql: string;
  /** An offset in `sql` → the offset in the original (inside a replacement: the replaced text's start). */
  toOriginalOffset(offset: number): number;
  /** 1-based line/column in `sql` → the same place in the original. */
  toOriginalPosition(line: number, column: number): { line: number; column: number };
}

export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) break;
    offset = nl + 1;
  }
  return offset + column - 1;
}

export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset)).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(original: string, edits: SqlEdit[]): EditedSql {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const placed: { ours: SqlEdit; at: number }[] = [];
  let sql = '';
  let from = 0;
  for (const e of sorted) {
    sql += original.slice(from, e.offset);
    placed.push({ ours: e, at: sql.length });
    sql += e.text;
    from = e.offset + e.length;
  }
  sql += original.slice(from);
  const toOriginalOffset = (offset: number): number => {
    let delta = 0;
    for (const { ours, at } of placed) {
      if (offset < at) break;
      if (offset < at + ours.text.length) return ours.offset;
      delta = at + ours.text.length - (ours.offset + ours.length);
    }
    return offset - delta;
  };
  return {
    sql,
    toOriginalOffset,
    toOriginalPosition: (line, column) => positionOf(original, toOriginalOffset(offsetOf(sql, line, column))),
  };
}
