/**
 * RecomAMP's custom search attributes: defined once, registered on the namespace at worker start (and by the dev
 * server and the tests), and set on every workflow we start, so the Temporal UI can filter, e.g.
 * `RecomampInstanceId = '<instance uuid>'` or `RecomampAmcInstanceId = 'amc…'`.
 *
 * All are Keyword (exact match). The dev server's SQL visibility allows 10 custom Keyword attributes per namespace;
 * these use 8. Pure module: workflows import it to pass the attributes on to their children.
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

export const SEARCH_ATTRIBUTES = {
  userId: defineSearchAttributeKey('RecomampUserId', SearchAttributeType.KEYWORD),
  /** Our AMC instance row's UUID (`GET /api/instances/:id`). */
  instanceId: defineSearchAttributeKey('RecomampInstanceId', SearchAttributeType.KEYWORD),
  /** AMC's own instance id (`amc…`). */
  amcInstanceId: defineSearchAttributeKey('RecomampAmcInstanceId', SearchAttributeType.KEYWORD),
  savedQueryId: defineSearchAttributeKey('RecomampSavedQueryId', SearchAttributeType.KEYWORD),
  collectionId: defineSearchAttributeKey('RecomampCollectionId', SearchAttributeType.KEYWORD),
  scheduleId: defineSearchAttributeKey('RecomampScheduleId', SearchAttributeType.KEYWORD),
  /** manual | scheduled | backfill | webhook */
  runKind: defineSearchAttributeKey('RecomampRunKind', SearchAttributeType.KEYWORD),
  /**
   * A data collection's outcome, set when it finishes (SUCCEEDED | PARTIAL | FAILED | CANCELLED; RUNNING again
   * when reopened): `RecomampStatus = 'PARTIAL'` finds what a plain Completed would hide. Never passed to children.
   */
  status: defineSearchAttributeKey('RecomampStatus', SearchAttributeType.KEYWORD),
} as const;

/**
 * Set by the Temporal server on every workflow a Schedule starts: the run's nominal time (plus any jitter). Not
 * one of ours (not registered, not in SEARCH_ATTRIBUTES): the scheduled-run workflow and `trigger` both read it.
 */
export const SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

export type RecomampSearchAttributes = Partial<Record<keyof typeof SEARCH_ATTRIBUTES, string | null | undefined>>;

/** The pairs for `typedSearchAttributes`; unset values are left out. */
export function searchAttributePairs(values: RecomampSearchAttributes): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [];
  for (const [name, key] of Object.entries(SEARCH_ATTRIBUTES)) {
    const value = values[name as keyof typeof SEARCH_ATTRIBUTES];
    if (value) pairs.push({ key, value } as SearchAttributePair);
  }
  return pairs;
}

/** Name → Temporal type name, for `temporal operator search-attribute create` and the dev server's flags. */
export const SEARCH_ATTRIBUTE_KEYS = Object.values(SEARCH_ATTRIBUTES);

/**
 * Our attributes out of a workflow's own (e.g. `workflowInfo().typedSearchAttributes`), to pass on to a child:
 * who and what it is for, not the parent's outcome (RecomampStatus).
 */
export function ownSearchAttributes(attrs: {
  get(key: (typeof SEARCH_ATTRIBUTE_KEYS)[number]): string | undefined;
}): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [];
  for (const key of SEARCH_ATTRIBUTE_KEYS) {
    if (key === SEARCH_ATTRIBUTES.status) continue;
    const value = attrs.get(key);
    if (value !== undefined) pairs.push({ key, value } as SearchAttributePair);
  }
  return pairs;
}
