/**
 * Choosing result rows by the API's `sort=<column>[:asc|desc]`, `filter=<column>:<value>` (repeatable: all must
 * match), `offset` and `limit`, validated against the result's own columns. Rows arrive as a stream (one stored
 * chunk at a time), so filtering holds nothing; sorting holds at most offset+limit rows (a bounded top-K).
 */
import { AppError } from './app-error';

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

export interface FilterSpec {
  column: string;
  value: string;
}

export interface RowSelection {
  sort?: SortSpec;
  filters: FilterSpec[];
}

/** A decoded row (values by column name), with whatever the caller carries along (row number, raw CSV record). */
export interface SelectableRow {
  rowNumber: number;
  data: Record<string, unknown>;
}

/** Most rows a sort may hold (offset + limit); a larger sorted export is a 400 that says to page. */
export const MAX_SORTED_ROWS = 1_000_000;

function unknownColumn(column: string, what: 'sort' | 'filter', columns: string[]): AppError {
  return new AppError(400, 'UNKNOWN_COLUMN', `${what} names column "${column}", which this result does not have`, {
    column,
    columns,
  });
}

/** Parses `sort` and `filter` against the result's columns: an unknown column is a 400 UNKNOWN_COLUMN. */
export function parseRowSelection(
  query: { sort?: string | undefined; filter?: string | string[] | undefined },
  columns: string[],
): RowSelection {
  const selection: RowSelection = { filters: [] };
  if (query.sort !== undefined) {
    const m = /^(.+?)(?::(asc|desc))?$/i.exec(query.sort);
    const column = m?.[1] ?? '';
    if (!columns.includes(column)) throw unknownColumn(column, 'sort', columns);
    selection.sort = { column, direction: (m?.[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
  }
  for (const f of query.filter === undefined ? [] : [query.filter].flat()) {
    const colon = f.indexOf(':');
    if (colon <= 0) {
      throw new AppError(400, 'VALIDATION_ERROR', `filter "${f}" must be <column>:<value>`, {
        issues: [{ path: 'query.filter', message: 'must be <column>:<value>', code: 'custom' }],
      });
    }
    const column = f.slice(0, colon);
    if (!columns.includes(column)) throw unknownColumn(column, 'filter', columns);
    selection.filters.push({ column, value: f.slice(colon + 1) });
  }
  return selection;
}

export const isPlainSelection = (s: RowSelection) => s.sort === undefined && s.filters.length === 0;

/** Equality on the value as the result holds it: numbers compare as numbers, everything else as text. */
function matches(value: unknown, wanted: string): boolean {
  if (value === null || value === undefined) return wanted === '';
  if (typeof value === 'number') return wanted.trim() !== '' && Number(wanted) === value;
  return String(value) === wanted;
}

/** Numbers numerically, text by code point; nulls last in either direction; ties keep result order. */
function comparator(sort: SortSpec) {
  const sign = sort.direction === 'desc' ? -1 : 1;
  return (a: SelectableRow, b: SelectableRow): number => {
    const x = a.data[sort.column];
    const y = b.data[sort.column];
    const xNull = x === null || x === undefined;
    const yNull = y === null || y === undefined;
    if (xNull || yNull) return xNull === yNull ? a.rowNumber - b.rowNumber : xNull ? 1 : -1;
    let c: number;
    if (typeof x === 'number' && typeof y === 'number') c = x - y;
    else {
      const [sx, sy] = [String(x), String(y)];
      c = sx < sy ? -1 : sx > sy ? 1 : 0;
    }
    return c !== 0 ? sign * c : a.rowNumber - b.rowNumber;
  };
}

/**
 * The selected page and the number of rows that match (`total`, so the whole stream is read). `limit` undefined =
 * every row after `offset`. A sort holds at most MAX_SORTED_ROWS rows: a larger limit, or an unlimited sorted read
 * of more matching rows, is a 400 SORT_TOO_LARGE.
 */
export async function selectRows<R extends SelectableRow>(
  rows: AsyncIterable<R>,
  selection: RowSelection,
  page: { offset: number; limit?: number | undefined },
): Promise<{ rows: R[]; total: number }> {
  const keep = (r: R) => selection.filters.every((f) => matches(r.data[f.column], f.value));
  const end = page.limit === undefined ? Infinity : page.offset + page.limit;
  let total = 0;
  if (!selection.sort) {
    const out: R[] = [];
    for await (const r of rows) {
      if (!keep(r)) continue;
      total += 1;
      if (total > page.offset && total <= end) out.push(r);
    }
    return { rows: out, total };
  }
  const tooLarge = () =>
    new AppError(
      400,
      'SORT_TOO_LARGE',
      `a sorted read holds at most ${MAX_SORTED_ROWS} rows: filter, or give a limit (offset + limit ≤ ${MAX_SORTED_ROWS})`,
    );
  if (end !== Infinity && end > MAX_SORTED_ROWS) throw tooLarge();
  const compare = comparator(selection.sort);
  let held: R[] = [];
  for await (const r of rows) {
    if (!keep(r)) continue;
    total += 1;
    held.push(r);
    if (end === Infinity) {
      if (held.length > MAX_SORTED_ROWS) throw tooLarge();
    } else if (held.length >= 2 * end + 1000) {
      held = held.sort(compare).slice(0, end); // top-K: keep only the best `end` rows
    }
  }
  held.sort(compare);
  return { rows: held.slice(page.offset, end), total };
}
