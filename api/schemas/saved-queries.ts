import { z } from 'zod';

export const parameterDefinition = z
  .object({
    type: z.enum(['string', 'number', 'date', 'timestamp', 'string_list', 'number_list']),
    required: z.boolean().optional(),
    default: z.unknown().optional(),
    description: z.string().max(1000).optional(),
  })
  .meta({ id: 'ParameterDefinition' });

const parameterName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a letter or _ followed by letters, digits or _');

const parameters = z.record(parameterName, parameterDefinition).default({});

export const savedQueryBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  instanceId: z.string().uuid('must be the UUID of one of your instances'),
  sqlQuery: z.string().trim().min(1).max(100_000),
  parameters,
  tags: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
});
export type SavedQueryBody = z.infer<typeof savedQueryBody>;

/** POST /api/workflows/check: a query not saved yet (instanceId optional: when given it must be yours). */
export const checkBody = z.object({
  sqlQuery: z.string().trim().min(1).max(100_000),
  parameters,
  instanceId: z.string().uuid('must be the UUID of one of your instances').optional(),
});

/** A bare date is midnight UTC; a zone-less timestamp is UTC; an explicit Z or offset is honoured. */
const windowTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    'must be an ISO date or date-time',
  )
  .transform((s, ctx) => {
    const withZone = s.length === 10 ? `${s}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s}Z`;
    const d = new Date(withZone);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date' });
      return z.NEVER;
    }
    return d;
  });

export const executeBody = z
  .object({
    parameters: z.record(z.string(), z.unknown()).default({}),
    timeWindowStart: windowTime.optional(),
    timeWindowEnd: windowTime.optional(),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => (b.timeWindowStart === undefined) === (b.timeWindowEnd === undefined), {
    message: 'give both timeWindowStart and timeWindowEnd, or neither',
    path: ['timeWindowEnd'],
  })
  .refine((b) => !b.timeWindowStart || !b.timeWindowEnd || b.timeWindowStart < b.timeWindowEnd, {
    message: 'timeWindowStart must be before timeWindowEnd',
    path: ['timeWindowEnd'],
  });
export type ExecuteBody = z.infer<typeof executeBody>;
