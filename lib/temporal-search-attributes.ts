/**
 * Registers RecomAMP's custom search attributes (workflows/search-attributes.ts) on a namespace, idempotently:
 * only the missing ones are added, and a concurrent registration ("already exists") counts as done. Called at
 * worker start (so docker-compose, a fresh dev server and an old .data/temporal.db all get them) and by
 * scripts/temporal-dev-server.ts, whose `--search-attribute` flags only apply when the namespace is first created.
 */
import type { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_KEYS } from '../workflows/search-attributes';

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
