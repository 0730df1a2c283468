/**
 * A data collection as its owner sees it (GET /api/data-collections[/:id], the SSE progress stream): its weeks
 * with their effective status (a week whose execution waits for an AMC slot is WAITING for `quota`, not RUNNING),
 * counts per status and progress. Reading it first re-derives which weeks are STALE (ran with SQL other than the
 * saved query's current SQL).
 */
import type { CollectionWeekRow, DataCollectionRow } from '../db/tables';
import { collectionShares, isFinishedWeekStatus, type WeekStatus } from '../lib/collection-statuses';
import { currentSqlHash } from '../lib/collection-sql';
import type { ServiceDeps } from './deps';

export interface WeekView {
  week: CollectionWeekRow;
  /** The ledger's status, except WAITING while the week's execution waits at the AMC quota gate. */
  status: WeekStatus;
  /** quota | data_lag | retry, while WAITING. */
  waitingFor: string | null;
  queuePosition?: number;
}

export interface CollectionView {
  row: DataCollectionRow;
  weeks: WeekView[];
  counts: {
    pending: number;
    waiting: number;
    running: number;
    succeeded: number;
    failed: number;
    cancelled: number;
    stale: number;
  };
  totalWeeks: number;
  finishedWeeks: number;
  /** Share of weeks SUCCEEDED. */
  progress: number;
  /** Share of weeks finished (succeeded, stale, failed or cancelled). */
  finished: number;
}

type Deps = Pick<ServiceDeps, 'repos'>;

/** Flags weeks that ran with SQL other than the saved query's current SQL as STALE (and back). */
export async function refreshStaleWeeks(deps: Deps, row: DataCollectionRow): Promise<void> {
  const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.saved_query_id);
  await deps.repos.dataCollections.markStale(row.id, savedQuery ? currentSqlHash(savedQuery, row.parameters) : null);
}

export async function readCollection(deps: Deps, row: DataCollectionRow): Promise<CollectionView> {
  await refreshStaleWeeks(deps, row);
  const rows = await deps.repos.dataCollections.weeks(row.id);
  const queued = await deps.repos.amcQuota.queuePositions(
    rows.flatMap((w) => (w.execution_id ? [w.execution_id] : [])),
  );
  const counts = { pending: 0, waiting: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, stale: 0 };
  const weeks = rows.map((w): WeekView => {
    const queuePosition = w.status === 'RUNNING' && w.execution_id ? queued.get(w.execution_id) : undefined;
    // A week whose execution waits for an AMC slot is WAITING, not RUNNING: it has not been submitted yet.
    const status: WeekStatus = queuePosition !== undefined ? 'WAITING' : w.status;
    counts[status.toLowerCase() as keyof typeof counts] += 1;
    const waitingFor = queuePosition !== undefined ? 'quota' : status === 'WAITING' ? w.wait_reason : null;
    return { week: w, status, waitingFor, ...(queuePosition !== undefined && { queuePosition }) };
  });
  return {
    row,
    weeks,
    counts,
    totalWeeks: rows.length,
    finishedWeeks: rows.filter((w) => isFinishedWeekStatus(w.status)).length,
    ...collectionShares(rows.map((w) => w.status)),
  };
}

/**
 * The progress the SSE stream sends (GET /api/data-collections/:id/events): ledger statuses as they are (no
 * quota lookup, no STALE refresh: one cheap read per change), counted per lower-case status.
 */
export async function readCollectionProgress(deps: Deps, userId: string, id: string) {
  const row = await deps.repos.dataCollections.findById(userId, id);
  if (!row) return undefined;
  const weeks = await deps.repos.dataCollections.weeks(id);
  const counts: Record<string, number> = {};
  for (const w of weeks) counts[w.status.toLowerCase()] = (counts[w.status.toLowerCase()] ?? 0) + 1;
  return {
    row,
    totalWeeks: weeks.length,
    finishedWeeks: weeks.filter((w) => isFinishedWeekStatus(w.status)).length,
    ...collectionShares(weeks.map((w) => w.status)),
    counts,
  };
}
