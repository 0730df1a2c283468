/**
 * Create a data collection (POST /api/data-collections): the ledger (one row per week) and its workflow
 * `data-collection/<id>`, which runs every week as a child execution (workflows/data-collection.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DataCollectionRow, SavedQueryRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { splitIntoWeeks } from '../lib/collection-weeks';
import { savedQuerySearchAttributes, withSearchAttributes } from '../temporal/search-attributes';
import { startWorkflow } from '../temporal/workflow-client';
import { collectionWorkflowId } from '../workflows/ids';
import { START_POLICIES } from '../workflows/start-policies';
import type { DataCollectionWorkflowInput } from '../workflows/messages';
import type { ServiceDeps, ServiceSettings } from './deps';
import { renderForRequest } from './render-saved-query';

export interface CreateCollectionInput {
  /** yyyy-MM-dd, both inclusive. */
  startDate: string;
  endDate: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekStartDay: number;
  partialWeeks: 'include' | 'drop';
  concurrency?: number;
  parameters: Record<string, unknown>;
}

/** What starting a collection's workflow needs to know (the API's settings; the worker's for the reconciler). */
export type CollectionStartSettings = Pick<
  ServiceSettings,
  'collections' | 'pollInitialSeconds' | 'pollMaxSeconds' | 'bookkeepingRetryMaxSeconds' | 'taskQueue'
>;

/** The collection workflow's input for `row` (also what retry-failed / rerun-stale start a new run with). */
export function collectionWorkflowInput(
  deps: { settings: CollectionStartSettings },
  row: DataCollectionRow,
): DataCollectionWorkflowInput {
  const c = deps.settings.collections;
  return {
    collectionId: row.id,
    concurrency: row.concurrency,
    dataLagSeconds: c.dataLagDays * 24 * 3600,
    retryBackoffSeconds: c.retryBackoffSeconds,
    continueAsNewAfterWeeks: c.continueAsNewAfterWeeks,
    pollInitialSeconds: deps.settings.pollInitialSeconds,
    pollMaxSeconds: deps.settings.pollMaxSeconds,
    ...(deps.settings.bookkeepingRetryMaxSeconds !== undefined && {
      bookkeepingRetryMaxSeconds: deps.settings.bookkeepingRetryMaxSeconds,
    }),
  };
}

/** The memo and search attributes of a collection's workflow (at creation, and when the reconciler restarts it). */
export async function collectionStartExtras(
  deps: Pick<ServiceDeps, 'repos'> | { repos: Pick<ServiceDeps['repos'], 'amcInstances'> },
  savedQuery: SavedQueryRow,
  row: DataCollectionRow,
) {
  return {
    memo: { savedQueryId: savedQuery.id, savedQueryName: savedQuery.name, instanceId: savedQuery.instance_id },
    typedSearchAttributes: await savedQuerySearchAttributes(deps, savedQuery, {
      collectionId: row.id,
      runKind: 'backfill',
    }),
  };
}

export async function createCollection(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>,
  savedQuery: SavedQueryRow,
  input: CreateCollectionInput,
): Promise<{ row: DataCollectionRow; totalWeeks: number }> {
  const c = deps.settings.collections;
  renderForRequest(savedQuery, input.parameters);
  const weeks = splitIntoWeeks(input.startDate, input.endDate, input.weekStartDay, input.partialWeeks);
  if (weeks.length === 0) throw new AppError(400, 'NO_WEEKS', 'the range holds no whole week and partialWeeks is drop');
  if (weeks.length > c.maxWeeks) {
    throw new AppError(
      400,
      'TOO_MANY_WEEKS',
      `the range holds ${weeks.length} weeks; at most ${c.maxWeeks} per collection`,
    );
  }
  const id = randomUUID();
  const row = await deps.repos.dataCollections.insert(
    {
      id,
      user_id: savedQuery.user_id,
      saved_query_id: savedQuery.id,
      instance_id: savedQuery.instance_id,
      start_date: input.startDate,
      end_date: input.endDate,
      week_start_day: input.weekStartDay,
      partial_weeks: input.partialWeeks,
      status: 'PENDING',
      parameters: input.parameters,
      concurrency: input.concurrency ?? c.defaultConcurrency,
      temporal_workflow_id: collectionWorkflowId(id),
    },
    weeks.map((w) => ({ week_start: w.weekStart, week_end: w.weekEnd, partial: w.partial })),
    c.weekRetryLimit,
  );
  const extras = await collectionStartExtras(deps, savedQuery, row);
  await withSearchAttributes(deps.temporal, () =>
    startWorkflow(
      deps.temporal,
      'dataCollectionWorkflow',
      {
        taskQueue: deps.settings.taskQueue,
        workflowId: row.temporal_workflow_id,
        args: [collectionWorkflowInput(deps, row)],
        ...extras,
      },
      START_POLICIES.collection,
    ),
  );
  return { row, totalWeeks: weeks.length };
}
