/**
 * RecomAMP's custom search attributes (workflows/search-attributes.ts) on the Temporal server:
 * - `ensureSearchAttributes` registers them on a namespace, idempotently: only the missing ones are added, and a
 *   concurrent registration ("already exists") counts as done. Called at worker and API start (so docker-compose,
 *   a fresh dev server and an old .data/temporal.db all get them) and by scripts/temporal-dev-server.ts, whose
 *   `--search-attribute` flags only apply when the namespace is first created.
 * - `withSearchAttributes` runs a call that sets them, registering them once if the namespace does not know them.
 * - `savedQuerySearchAttributes` are the values for the workflows started for a saved query.
 */
import type { Client, Connection } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { AmcInstancesDb } from '../db/amc-instances';
import type { SavedQueryForRun } from '../db/saved-queries';
import type { SavedQueryRow } from '../db/tables';
import {
  SEARCH_ATTRIBUTE_KEYS,
  searchAttributePairs,
  type RecomampSearchAttributes,
} from '../workflows/search-attributes';

/** Connection's and NativeConnection's operatorService have this shape. */
type OperatorService = Connection['operatorService'];

/** temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD */
const KEYWORD = 2;

const ALREADY_EXISTS = 6; // gRPC status

export async function ensureSearchAttributes(operatorService: OperatorService, namespace: string): Promise<string[]> {
  const existing = await operatorService.listSearchAttributes({ namespace });
  const have = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = SEARCH_ATTRIBUTE_KEYS.filter((k) => !have.has(k.name));
  if (missing.length === 0) return [];
  const searchAttributes = Object.fromEntries(missing.map((k) => [k.name, KEYWORD]));
  try {
    await operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
  return missing.map((k) => k.name);
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

/**
 * The attributes of a workflow started for `savedQuery` (user, instance, AMC instance, saved query) plus `extra`.
 * A row read with its AMC instance id (`savedQueries.findForRun`) needs no second lookup.
 */
export async function savedQuerySearchAttributes(
  deps: { repos: { amcInstances: Pick<AmcInstancesDb, 'findById'> } },
  savedQuery: SavedQueryRow | SavedQueryForRun,
  extra: RecomampSearchAttributes,
): Promise<SearchAttributePair[]> {
  const amcInstanceId =
    'amc_instance_id' in savedQuery
      ? savedQuery.amc_instance_id
      : (await deps.repos.amcInstances.findById(savedQuery.user_id, savedQuery.instance_id))?.instance_id;
  return searchAttributePairs({
    userId: savedQuery.user_id,
    instanceId: savedQuery.instance_id,
    amcInstanceId,
    savedQueryId: savedQuery.id,
    ...extra,
  });
}
