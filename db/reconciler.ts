/**
 * What the reconciler (activities/reconciler.ts) checks against Temporal: rows that say work is still going on and
 * have not changed for a while. Only rows: a row deleted under a running workflow is simply not listed (that
 * workflow's own activities stop it, RECORD_DELETED).
 */
import type { Knex } from 'knex';
import { FINISHED_COLLECTION_STATUSES } from '../lib/collection-statuses';
import { TERMINAL_EXECUTION_STATUSES } from '../lib/execution-statuses';
import { TABLES, type DataCollectionRow, type ScheduleRow } from './tables';

export interface LiveExecution {
  id: string;
  temporal_workflow_id: string;
}

export type ScheduleSyncView = Pick<ScheduleRow, 'id' | 'user_id' | 'temporal_sync' | 'temporal_schedule_id'>;
const SCHEDULE_SYNC_VIEW = ['id', 'user_id', 'temporal_sync', 'temporal_schedule_id'] as const;

export function createReconcilerDb(db: Knex) {
  return {
    /** Executions not terminal and unchanged for `quietSeconds` (oldest first, at most `limit`; one user's if given). */
    async quietExecutions(quietSeconds: number, limit: number, userId?: string): Promise<LiveExecution[]> {
      return db(TABLES.executions)
        .modify((q) => void (userId && q.where({ user_id: userId })))
        .whereNotIn('status', [...TERMINAL_EXECUTION_STATUSES])
        .andWhere('updated_at', '<', db.raw('now() - make_interval(secs => ?)', [quietSeconds]))
        .orderBy('updated_at')
        .limit(limit)
        .select('id', 'temporal_workflow_id');
    },
    /** Collections not finished and unchanged for `quietSeconds` (oldest first, at most `limit`; one user's if given). */
    async quietCollections(quietSeconds: number, limit: number, userId?: string): Promise<DataCollectionRow[]> {
      return db(TABLES.dataCollections)
        .modify((q) => void (userId && q.where({ user_id: userId })))
        .whereNotIn('status', [...FINISHED_COLLECTION_STATUSES])
        .andWhere('updated_at', '<', db.raw('now() - make_interval(secs => ?)', [quietSeconds]))
        .orderBy('updated_at')
        .limit(limit)
        .select('*');
    },
    /** Schedule rows whose Temporal write is unfinished and quiet for `quietSeconds` (oldest first, at most `limit`). */
    async pendingSchedules(quietSeconds: number, limit: number, userId?: string): Promise<ScheduleSyncView[]> {
      return db(TABLES.schedules)
        .modify((q) => void (userId && q.where({ user_id: userId })))
        .whereNot('temporal_sync', 'SYNCED')
        .andWhere('sync_requested_at', '<', db.raw('now() - make_interval(secs => ?)', [quietSeconds]))
        .orderBy('sync_requested_at')
        .limit(limit)
        .select(...SCHEDULE_SYNC_VIEW);
    },
    /** SYNCED schedule rows unchanged for `quietSeconds` (one user's if given): each should have its Temporal Schedule. */
    async syncedSchedules(quietSeconds: number, userId?: string): Promise<ScheduleSyncView[]> {
      return db(TABLES.schedules)
        .modify((q) => void (userId && q.where({ user_id: userId })))
        .where('temporal_sync', 'SYNCED')
        .andWhere('updated_at', '<', db.raw('now() - make_interval(secs => ?)', [quietSeconds]))
        .select(...SCHEDULE_SYNC_VIEW);
    },
    /** Of `ids`, the schedule rows that exist (any user, any sync state). */
    async schedulesById(ids: string[]): Promise<ScheduleSyncView[]> {
      if (ids.length === 0) return [];
      return db(TABLES.schedules)
        .whereIn('id', ids)
        .select(...SCHEDULE_SYNC_VIEW);
    },
  };
}

export type ReconcilerDb = ReturnType<typeof createReconcilerDb>;
