import { z } from 'zod';
import { COLLECTION_STATUSES, WEEK_STATUSES } from '../../../lib/collection-statuses';
import { isoTime, jsonObject, resultColumn, uuid } from './common';
import { resultSelection } from './executions';

const date = z.string().describe('yyyy-MM-dd');

export const collectionAccepted = z
  .object({
    id: uuid,
    status: z.enum(COLLECTION_STATUSES),
    totalWeeks: z.number().int(),
    temporalWorkflowId: z.string(),
  })
  .meta({ id: 'CollectionAccepted' });

export const collectionWeek = z
  .object({
    weekStart: date,
    weekEnd: date.describe('exclusive'),
    partial: z.boolean(),
    status: z.enum(WEEK_STATUSES),
    executionId: uuid.nullable(),
    attempts: z.number().int(),
    retriesLeft: z.number().int(),
    rowCount: z.number().int().nullable(),
    sqlHash: z.string().nullable(),
    waitingFor: z.enum(['quota', 'data_lag', 'retry', 'consent']).optional(),
    queuePosition: z.number().int().optional(),
    nextAttemptAt: isoTime
      .nullable()
      .optional()
      .describe('when a WAITING week runs next; null while it waits for a quota slot (no time is known)'),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  })
  .meta({ id: 'CollectionWeek' });

const counts = z.object({
  pending: z.number().int(),
  waiting: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  stale: z.number().int(),
});

export const collectionSummary = z
  .object({
    id: uuid,
    workflowId: uuid,
    instanceId: uuid,
    status: z.enum(COLLECTION_STATUSES),
    startDate: date,
    endDate: date,
    granularity: z.literal('week'),
    weekStartDay: z.string(),
    partialWeeks: z.enum(['include', 'drop']),
    concurrency: z.number().int(),
    parameters: jsonObject,
    totalWeeks: z.number().int(),
    finishedWeeks: z.number().int(),
    counts,
    progress: z.number().min(0).max(1).describe('share of weeks SUCCEEDED'),
    finished: z
      .number()
      .min(0)
      .max(1)
      .describe('share of weeks that will not run again (succeeded, stale, failed, cancelled)'),
    temporalWorkflowId: z.string(),
    createdAt: isoTime,
    completedAt: isoTime.nullable(),
  })
  .meta({ id: 'CollectionSummary' });

export const collection = collectionSummary.extend({ weeks: z.array(collectionWeek) }).meta({ id: 'Collection' });

export const collectionResults = z
  .object({
    columns: z.array(resultColumn).describe('week_start first'),
    rows: z.array(z.record(z.string(), z.unknown())),
    total: z.number().int().describe('rows that match (every row without a filter)'),
    weeks: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    ...resultSelection,
  })
  .meta({ id: 'CollectionResults' });

export const collectionSignalAccepted = z
  .object({
    id: uuid,
    status: z.enum(COLLECTION_STATUSES),
    requested: z.enum(['pause', 'resume', 'cancel']),
  })
  .meta({ id: 'CollectionSignalAccepted' });

export const collectionReopened = z
  .object({ id: uuid, status: z.literal('RUNNING'), reopenedWeeks: z.number().int() })
  .meta({ id: 'CollectionReopened' });
