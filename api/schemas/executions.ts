import { z } from 'zod';
import { EXECUTION_STATUSES } from '../../lib/execution-statuses';
import { listQuery } from '../validate';

export const executionListQuery = listQuery.extend({
  workflowId: z.string().uuid().optional(),
  instanceId: z.string().uuid().optional(),
  status: z.enum(EXECUTION_STATUSES).optional(),
});

/** `sort=<column>[:asc|desc]` and `filter=<column>:<value>` (repeatable, all must match), checked against the columns. */
export const resultSelectionQuery = z.object({
  sort: z.string().min(1).max(300).optional(),
  filter: z.union([z.string().max(2000), z.array(z.string().max(2000)).max(20)]).optional(),
});

/** A JSON page holds at most this many rows (default 1000); CSV holds every row unless `limit` is given. */
export const MAX_JSON_RESULT_ROWS = 10_000;

export const resultsQuery = resultSelectionQuery.extend({
  /** Default: the Accept header (application/json or text/csv), else json. */
  format: z.enum(['json', 'csv']).optional(),
  limit: z.coerce.number().int().min(1).max(5_000_000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
