import { z } from 'zod';
import { EXECUTION_STATUSES } from '../../lib/execution-statuses';
import { listQuery } from '../validate';

export const executionListQuery = listQuery.extend({
  workflowId: z.string().uuid().optional(),
  instanceId: z.string().uuid().optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
});

export const resultsQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});
