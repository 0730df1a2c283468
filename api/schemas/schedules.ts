import { z } from 'zod';
import { SCHEDULE_OVERLAPS } from '../../db/tables';
import { parseIsoInstant } from '../../lib/iso-instant';
import { isValidTimeZone } from '../../lib/zoned-time';

/** Cron in Temporal's grammar: 5–7 fields, names (MON, JAN), @daily/@hourly, or `@every 2s` (tests, demos). */
const cron = z.string().trim().min(1).max(200);
const timezone = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine(isValidTimeZone, 'must be an IANA time zone such as America/New_York');
const lookbackDays = z.number().int().min(1).max(366);
const lagDays = z.number().int().min(0).max(366);
const note = z.string().trim().max(1000);

export const scheduleBody = z.object({
  cron,
  timezone: timezone.default('UTC'),
  timeWindow: z.object({ lookbackDays: lookbackDays.optional(), lagDays: lagDays.optional() }).default({}),
  parameters: z.record(z.string(), z.unknown()).default({}),
  overlap: z.enum(SCHEDULE_OVERLAPS).default('skip'),
  paused: z.boolean().default(false),
  note: note.optional(),
});
export type ScheduleBody = z.infer<typeof scheduleBody>;

export const schedulePatchBody = z.object({
  cron: cron.optional(),
  timezone: timezone.optional(),
  timeWindow: z.object({ lookbackDays: lookbackDays.optional(), lagDays: lagDays.optional() }).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  overlap: z.enum(SCHEDULE_OVERLAPS).optional(),
  paused: z.boolean().optional(),
  note: note.nullable().optional(),
});
export type SchedulePatchBody = z.infer<typeof schedulePatchBody>;

export const pauseBody = z.object({ note: note.optional() });

/**
 * A backfill bound: an ISO date or date-time (lib/iso-instant.ts). One without `Z` or an offset is a wall time in
 * the schedule's own zone (`2025-10-19` = midnight there), resolved by services/backfill-schedule.ts.
 */
const bound = z.string().transform((s, ctx) => {
  const parsed = parseIsoInstant(s);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed;
});

export const backfillBody = z.object({ start: bound, end: bound });

export const scheduleListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  workflowId: z.string().uuid().optional(),
});

export const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
