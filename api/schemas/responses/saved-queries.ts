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
