/**
 * The SQL a collection's weeks run with: the saved query rendered with the collection's parameters, and its hash.
 * A week remembers the hash it ran with; when the saved query changes, weeks with another hash are STALE.
 */
import { createHash } from 'node:crypto';
import type { SavedQueryRow } from '../db/tables';
import { renderSql } from './sql-parameters';

/** `amcTypes` (the AMC dataTypes of CUSTOM_PARAMETERs) count only when there are some, so older hashes stay valid. */
export function sqlHashOf(sql: string, parameters: Record<string, unknown>, amcTypes?: unknown): string {
  const hashed = amcTypes === undefined ? { sql, parameters } : { sql, parameters, amcTypes };
  return createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 32);
}

/** The rendered SQL and its hash; throws ParameterError when the saved query no longer fits the parameters. */
export function renderCollectionSql(savedQuery: SavedQueryRow, parameters: Record<string, unknown>) {
  const rendered = renderSql(savedQuery.sql_query, savedQuery.parameters, parameters);
  const amcTypes = rendered.amcParameters?.inputParameters.map((p) => [p.name, p.dataType]);
  return { ...rendered, hash: sqlHashOf(rendered.sql, rendered.values, amcTypes) };
}

/** The current hash, or null when the saved query cannot be rendered with these parameters any more. */
export function currentSqlHash(savedQuery: SavedQueryRow, parameters: Record<string, unknown>): string | null {
  try {
    return renderCollectionSql(savedQuery, parameters).hash;
  } catch {
    return null;
  }
}
