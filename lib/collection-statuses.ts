/**
 * The status vocabularies of data collections and of their weeks, with their finished (terminal) sets: the only
 * place they are spelled. Workflow code imports this module too (it is pure).
 */
export const COLLECTION_STATUSES = [
  'PENDING',
  'RUNNING',
  'PAUSED',
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
  'CANCELLED',
] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];

/** A collection in one of these has ended: it takes no more signals and has its completed_at. */
export const FINISHED_COLLECTION_STATUSES: readonly CollectionStatus[] = [
  'SUCCEEDED',
  'PARTIAL',
  'FAILED',
  'CANCELLED',
];

export const isFinishedCollectionStatus = (status: string): boolean =>
  (FINISHED_COLLECTION_STATUSES as readonly string[]).includes(status);

export const WEEK_STATUSES = ['PENDING', 'WAITING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'STALE'] as const;
export type WeekStatus = (typeof WEEK_STATUSES)[number];

/** A week in one of these is done (counts towards progress); a submitted or waiting week is not. */
export const FINISHED_WEEK_STATUSES: readonly WeekStatus[] = ['SUCCEEDED', 'STALE', 'FAILED', 'CANCELLED'];

export const isFinishedWeekStatus = (status: string): boolean =>
  (FINISHED_WEEK_STATUSES as readonly string[]).includes(status);

/** Weeks whose rows are the collection's results (a STALE week ran with older SQL; its rows are still there). */
export const WEEK_STATUSES_WITH_RESULTS: readonly WeekStatus[] = ['SUCCEEDED', 'STALE'];

export const hasWeekResults = (status: string): boolean =>
  (WEEK_STATUSES_WITH_RESULTS as readonly string[]).includes(status);

/**
 * How far a collection has got, from its weeks' statuses: `progress` is the share of weeks SUCCEEDED (a cancelled
 * or failed collection is not "done"), `finished` the share that will not run again unless reopened.
 */
export function collectionShares(statuses: readonly string[]): { progress: number; finished: number } {
  if (statuses.length === 0) return { progress: 1, finished: 1 };
  const succeeded = statuses.filter((s) => s === 'SUCCEEDED').length;
  const finished = statuses.filter(isFinishedWeekStatus).length;
  return { progress: succeeded / statuses.length, finished: finished / statuses.length };
}
