import { z } from 'zod';
import { SCHEDULE_OVERLAPS } from '../../../db/tables';
import { EXECUTION_STATUSES } from '../../../lib/execution-statuses';
import { isoTime, jsonObject, uuid } from './common';

const pauseActor = z
  .union([
    z.object({ kind: z.literal('user'), userId: uuid }),
    z.object({ kind: z.literal('system'), reason: z.string() }),
  ])
  .nullable()
  .meta({ id: 'PauseActor' });

export const schedulePause = z
  .object({
    pausedAt: isoTime,
    pausedBy: pauseActor,
    note: z.string().nullable().describe('why it was paused'),
    resumedAt: isoTime.nullable(),
    resumedBy: pauseActor,
    resumeNote: z.string().nullable().describe('why it was resumed'),
  })
  .meta({ id: 'SchedulePause' });

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
    pauses: z.array(schedulePause).optional().describe('every pause: who, when, why, and who resumed it'),
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

export const triggerAccepted = z
  .object({
    triggered: z.literal(true),
    executionId: uuid.nullable().describe('the execution it started (null if the Schedule did not act within seconds)'),
    scheduledAt: isoTime.nullable(),
    temporalWorkflowId: z.string().nullable().describe('the scheduled-run workflow the Schedule started'),
    skipped: z.string().optional().describe('why the run made no execution (e.g. its parameters no longer fit)'),
  })
  .meta({ id: 'TriggerAccepted' });

export const backfillAccepted = z
  .object({
    start: isoTime.describe("the bound as an instant (read in the schedule's zone when it carried no offset)"),
    end: isoTime,
    timezone: z.string(),
    scheduledTimes: z.array(isoTime).describe('the fires it asked for; their executions appear in …/runs'),
    runs: z.number().int(),
  })
  .meta({ id: 'BackfillAccepted' });
