import { z } from 'zod';
import { RUN_KINDS } from '../../../db/tables';
import { EXECUTION_STATUSES } from '../../../lib/execution-statuses';
import { isoTime, jsonObject, resultColumn, uuid } from './common';

export const execution = z
  .object({
    id: uuid,
    workflowId: uuid.describe('the saved query'),
    instanceId: uuid,
    status: z.enum(EXECUTION_STATUSES),
    amcStatus: z.string().nullable().describe("AMC's own status word (PENDING, RUNNING, SUCCEEDED…)"),
    amcExecutionId: z.string().nullable(),
    timeWindowStart: isoTime,
    timeWindowEnd: isoTime,
    timeWindowTimeZone: z.string().describe('IANA zone the window was sent to AMC in'),
    parameters: jsonObject,
    sqlQuery: z.string().describe('as sent to AMC'),
    idempotencyKey: z.string().nullable(),
    createdAt: isoTime,
    startedAt: isoTime.nullable(),
    completedAt: isoTime.nullable(),
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
      })
      .optional(),
    rowCount: z.number().int().nullable(),
    temporalWorkflowId: z.string(),
    runKind: z.enum(RUN_KINDS),
    queuePosition: z.number().int().nullable().optional().describe('place at the AMC quota gate while waiting'),
    expectedCompletionAt: isoTime.nullable().optional(),
    warnings: z
      .array(z.looseObject({ code: z.string(), message: z.string() }))
      .describe('remarks on a run that went ahead anyway, e.g. WINDOW_INSIDE_DATA_LAG with dataCompleteAt'),
  })
  .meta({ id: 'Execution' });

export const executionHistory = z
  .object({
    items: z.array(
      z.object({ status: z.string(), amcStatus: z.string().nullable(), detail: z.string().nullable(), at: isoTime }),
    ),
    nextCursor: z.null(),
  })
  .meta({ id: 'ExecutionHistory' });

/** The `sort` and `filter` a results read applied (echoed when given). */
export const resultSelection = {
  sort: z.object({ column: z.string(), direction: z.enum(['asc', 'desc']) }).optional(),
  filters: z.array(z.object({ column: z.string(), value: z.string() })).optional(),
};

export const resultRows = z
  .object({
    columns: z.array(resultColumn),
    rows: z.array(z.record(z.string(), z.unknown())),
    total: z.number().int().describe('rows that match (every row without a filter)'),
    limit: z.number().int(),
    offset: z.number().int(),
    ...resultSelection,
  })
  .meta({ id: 'ResultRows' });

export const cancelAccepted = z
  .object({
    executionId: uuid,
    status: z.enum(EXECUTION_STATUSES),
    cancelRequested: z.literal(true),
  })
  .meta({ id: 'CancelAccepted' });
