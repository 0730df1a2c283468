/**
 * What the reconciler (activities/reconciler.ts) checks against Temporal: rows that say work is still going on and
 * have not changed for a while. Only rows: a row deleted under a running workflow is simply not listed (that
 * workflow's own activities stop it, RECORD_DELETED).
 */
import type { Knex } from 'knex';
import { FINISHED_COLLECTION_STATUSES } from '../lib/collection-statuses';
import { TERMINAL_EXECUTION_STATUSES } from '../lib/execution-statuses';
import { TABLES, type DataCollectionRow } from './tables';

export interface LiveExecution {
  id: string;
  temporal_workflow_id: string;
}

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
  };
}

export type ReconcilerDb = ReturnType<typeof createReconcilerDb>;
