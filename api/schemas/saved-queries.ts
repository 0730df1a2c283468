import { z } from 'zod';
import { instantOf, parseIsoInstant } from '../../lib/iso-instant';

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

/**
 * An ISO date or date-time (lib/iso-instant.ts): a bare date is midnight UTC, a zone-less time is UTC, a Z or an
 * offset is honoured. An impossible date (2026-02-30) is refused, never rolled over.
 */
const windowTime = z.string().transform((s, ctx) => {
  const parsed = parseIsoInstant(s);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return instantOf(parsed, 'UTC');
});

export const executeBody = z
  .object({
    parameters: z.record(z.string(), z.unknown()).default({}),
    timeWindowStart: windowTime.optional(),
    timeWindowEnd: windowTime.optional(),
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((b, ctx) => {
    // Only what is wrong: the order of the two is checked only once both are real dates.
    const [start, end] = [b.timeWindowStart, b.timeWindowEnd];
    if ((start === undefined) !== (end === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give both timeWindowStart and timeWindowEnd, or neither',
        path: [start === undefined ? 'timeWindowStart' : 'timeWindowEnd'],
      });
    } else if (start instanceof Date && end instanceof Date && start >= end) {
      ctx.addIssue({
        code: 'custom',
        message: 'timeWindowStart must be before timeWindowEnd',
        path: ['timeWindowEnd'],
      });
    }
  });
export type ExecuteBody = z.infer<typeof executeBody>;
