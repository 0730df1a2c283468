/** The search attributes (workflows/search-attributes.ts) of the workflows the API starts for a saved query. */
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { ensureSearchAttributes } from '../lib/temporal-search-attributes';
import type { SavedQueryRow } from '../db/tables';
import { searchAttributePairs, type RecomampSearchAttributes } from '../workflows/search-attributes';
import type { ApiDeps } from './deps';

export async function savedQuerySearchAttributes(
  deps: Pick<ApiDeps, 'repos'>,
  savedQuery: SavedQueryRow,
  extra: RecomampSearchAttributes,
): Promise<SearchAttributePair[]> {
  const instance = await deps.repos.amcInstances.findById(savedQuery.user_id, savedQuery.instance_id);
  return searchAttributePairs({
    userId: savedQuery.user_id,
    instanceId: savedQuery.instance_id,
    amcInstanceId: instance?.instance_id,
    savedQueryId: savedQuery.id,
    ...extra,
  });
}

/**
 * Runs a Temporal call that sets our search attributes; when the namespace does not know them yet (a server
 * started without them and no worker registered them yet), registers them once and tries again.
 */
export async function withSearchAttributes<T>(temporal: Client, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const text = `${(err as Error)?.message ?? ''} ${String((err as { cause?: unknown })?.cause ?? '')}`;
    if (!/search attribute/i.test(text)) throw err;
    await ensureSearchAttributes(temporal.connection.operatorService, temporal.options.namespace);
    return call();
  }
}
