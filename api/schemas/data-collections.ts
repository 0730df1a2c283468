import { z } from 'zod';
import { WEEK_DAYS } from '../../lib/collection-weeks';
import { listQuery } from '../validate';
import { resultSelectionQuery } from './executions';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date yyyy-MM-dd', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; // 2026-13-45 is Invalid Date
  }, 'is not a real date');

export const createCollectionBody = z
  .object({
    workflowId: z.string().uuid('must be the UUID of one of your saved queries'),
    startDate: date,
    /** Inclusive. */
    endDate: date,
    granularity: z.literal('week').default('week'),
    /** The day weeks start on; default monday. */
    weekStartDay: z.enum(WEEK_DAYS).default('monday'),
    /** A first or last week the range cuts short: run it with its shorter window, or leave it out. */
    partialWeeks: z.enum(['include', 'drop']).default('include'),
    concurrency: z.number().int().min(1).max(1000).optional(),
    parameters: z.record(z.string(), z.unknown()).default({}),
  })
  // Only what is wrong: the order is checked only once both dates are valid.
  .refine(
    (b) => !(date.safeParse(b.startDate).success && date.safeParse(b.endDate).success) || b.startDate <= b.endDate,
    {
      message: 'startDate must not be after endDate',
      path: ['endDate'],
    },
  );
export type CreateCollectionBody = z.infer<typeof createCollectionBody>;

export const collectionListQuery = listQuery;

/** Like an execution's results (sort/filter over week_start and the query's columns); JSON pages default 100,000 rows. */
export const collectionResultsQuery = resultSelectionQuery.extend({
  format: z.enum(['json', 'csv']).optional(),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  offset: z.coerce.number().int().min(0).default(0),
});
