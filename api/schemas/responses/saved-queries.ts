import { z } from 'zod';
import { isoTime, uuid } from './common';
import { parameterDefinition } from '../saved-queries';
import { execution } from './executions';

export const savedQuery = z
  .object({
    id: uuid,
    name: z.string(),
    description: z.string().nullable(),
    instanceId: uuid,
    sqlQuery: z.string(),
    parameters: z.record(z.string(), parameterDefinition),
    tags: z.array(z.string()),
    amcWorkflowId: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'SavedQuery' });

const checkItem = z
  .object({
    code: z
      .string()
      .describe('stable UPPER_SNAKE code, e.g. UNKNOWN_COLUMN, LIMIT_NOT_SUPPORTED, AGGREGATION_THRESHOLD'),
    message: z.string(),
    line: z.number().int().optional().describe('1-based, in the query as written'),
    column: z.number().int().optional(),
    suggestion: z.string().optional(),
  })
  .meta({ id: 'CheckItem' });

/** The pre-flight check's answer (lib/sql-check.ts). */
export const checkReport = z
  .object({
    ok: z.boolean().describe('no errors: AMC should accept the query as it stands'),
    errors: z.array(checkItem),
    warnings: z.array(checkItem),
    parameters: z.array(
      z.object({
        name: z.string(),
        style: z.enum(['placeholder', 'custom_parameter']),
        declared: z.boolean(),
        inLiteral: z.boolean().optional(),
      }),
    ),
    tables: z.array(z.string()).describe('AMC tables the query reads, when it compiles'),
  })
  .meta({ id: 'CheckReport' });

/** A save's findings: the check's errors (what AMC will refuse; the save is not refused) and warnings. */
const saveWarning = checkItem.extend({ severity: z.enum(['error', 'warning']) }).meta({ id: 'SaveWarning' });

export const savedQueryWithWarnings = savedQuery
  .extend({ warnings: z.array(saveWarning) })
  .meta({ id: 'SavedQueryWithWarnings' });

export const executeAccepted = z
  .object({
    executionId: uuid,
    status: execution.shape.status,
    created: z.boolean().describe('false when an idempotencyKey mapped to an existing execution'),
    execution,
  })
  .meta({ id: 'ExecuteAccepted' });

export const syncResult = z
  .object({
    amcWorkflowId: z.string(),
    operation: z.enum(['created', 'updated']),
    workflow: savedQuery,
  })
  .meta({ id: 'SyncResult' });

export const savedQueryFromTemplate = savedQuery
  .extend({ template: z.object({ id: uuid, slug: z.string() }) })
  .meta({ id: 'SavedQueryFromTemplate' });
