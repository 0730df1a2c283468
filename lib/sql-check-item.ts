/** One finding of the pre-flight check (lib/sql-check.ts): a stable code, a sentence, where, and what to do. */
import { positionOf } from './sql-edits';

export interface CheckItem {
  code: string;
  message: string;
  /** 1-based, in the user's own SQL. */
  line?: number;
  column?: number;
  suggestion?: string;
}

/** An item at an offset of the user's SQL (no position when the offset is unknown). */
export function at(sql: string, offset: number | undefined, item: Omit<CheckItem, 'line' | 'column'>): CheckItem {
  return offset === undefined ? item : { ...item, ...positionOf(sql, offset) };
}
