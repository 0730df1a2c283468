import { z } from 'zod';
import { SCHEDULE_OVERLAPS } from '../../../db/tables';
import { EXECUTION_STATUSES } from '../../../lib/execution-statuses';
import { isoTime, jsonObject, uuid } from './common';

export const schedule = z
  .object({
    id: uuid,
    workflowId: uuid,
    cron: z.string(),
    timezone: z.string(),
    timeWindow: z.object({ lookbackDays: z.number().int(), lagDays: z.number().int() }),
    parameters: jsonObject,
    overlap: z.enum(SCHEDULE_OVERLAPS),
    paused: z.boolean(),
    note: z.string().nullable(),
    temporalScheduleId: z.string(),
    createdAt: isoTime,
    updatedAt: isoTime,
    nextRuns: z.array(isoTime).optional().describe('upcoming fire times (empty while paused)'),
  })
  .meta({ id: 'Schedule' });

export const scheduleWithTemporal = schedule
  .extend({
    temporal: z.object({
      actionsTaken: z.number().int(),
      actionsSkippedOverlap: z.number().int(),
      actionsMissedCatchupWindow: z.number().int(),
      runningWorkflowIds: z.array(z.string()),
    }),
  })
  .meta({ id: 'ScheduleWithTemporal' });

export const scheduleRun = z
  .object({
    scheduledAt: isoTime,
    executionId: uuid.nullable(),
    status: z.union([z.enum(EXECUTION_STATUSES), z.enum(['SKIPPED', 'BUFFERED'])]),
    timeWindowStart: isoTime,
    timeWindowEnd: isoTime,
    skipped: z.literal(true).optional(),
    reason: z.string().optional().describe('PAUSED | OVERLAP | NOT_STARTED | a recorded reason'),
    detail: z.string().optional(),
  })
  .meta({ id: 'ScheduleRun' });

export const scheduleRuns = z
  .object({ items: z.array(scheduleRun), nextCursor: z.null() })
  .meta({ id: 'ScheduleRuns' });

export const triggerAccepted = z.object({ triggered: z.literal(true) }).meta({ id: 'TriggerAccepted' });

export const backfillAccepted = z
  .object({
    start: isoTime,
    end: isoTime,
    scheduledTimes: z.array(isoTime),
    runs: z.number().int(),
  })
  .meta({ id: 'BackfillAccepted' });
