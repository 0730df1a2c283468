/**
 * Keyset pagination over (created_at DESC, id DESC): stable under inserts, cheap on large tables.
 * The cursor is opaque to clients (base64url of the last row's key).
 */
import type { Knex } from 'knex';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export class InvalidCursorError extends Error {}

interface CursorKey {
  createdAt: string;
  id: string;
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (!createdAt || !id || Number.isNaN(Date.parse(createdAt))) throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw new InvalidCursorError('cursor is not one this API issued');
  }
}

function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

/** The page of `rows` read with LIMIT `limit + 1` (keyset order): the extra row only says there is a next page. */
export function pageOf<T extends { created_at: Date; id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Applies the page window to `query` (whose table has created_at and id) and runs it. */
export async function paginate<T extends { created_at: Date; id: string }>(
  query: Knex.QueryBuilder,
  page: PageRequest,
  table: string,
): Promise<Page<T>> {
  if (page.cursor) {
    const key = decodeCursor(page.cursor);
    query.whereRaw(`(${table}.created_at, ${table}.id) < (?::timestamptz, ?::uuid)`, [key.createdAt, key.id]);
  }
  const rows = (await query
    .orderBy([
      { column: `${table}.created_at`, order: 'desc' },
      { column: `${table}.id`, order: 'desc' },
    ])
    .limit(page.limit + 1)) as T[];
  return pageOf(rows, page.limit);
}
