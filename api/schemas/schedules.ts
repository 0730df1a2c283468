import { z } from 'zod';
import { SCHEDULE_OVERLAPS } from '../../db/tables';
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

/** A bare date is midnight UTC; a zone-less date-time is UTC; a Z or offset is honoured. */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    'must be an ISO date or date-time',
  )
  .transform((s, ctx) => {
    const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : /Z|[+-]\d{2}:\d{2}$/.test(s) ? s : `${s}Z`);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date' });
      return z.NEVER;
    }
    return d;
  });

export const backfillBody = z
  .object({ start: instant, end: instant })
  .refine((b) => b.start < b.end, { message: 'start must be before end', path: ['end'] });

export const scheduleListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  workflowId: z.string().uuid().optional(),
});

export const runsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
