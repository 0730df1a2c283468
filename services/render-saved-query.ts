/**
 * A saved query rendered with a request's parameters (lib/sql-parameters.ts), or the 400 that says which
 * parameter does not fit. Every use case that takes parameters from a request (execute, schedule, collection)
 * checks them here, before anything is written or started.
 */
import { parameterErrorToApi } from '../lib/app-error';
import { renderSql } from '../lib/sql-parameters';
import type { SavedQueryRow } from '../db/tables';

export function renderForRequest(
  savedQuery: Pick<SavedQueryRow, 'sql_query' | 'parameters'>,
  parameters: Record<string, unknown>,
): ReturnType<typeof renderSql> {
  try {
    return renderSql(savedQuery.sql_query, savedQuery.parameters, parameters);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
}
