/** Schedules (contract: Schedules): /api/schedules/* and POST /api/workflows/:id/schedules. */
import { Router, type Request, type Response } from 'express';
import type { ScheduleRow } from '../../db/tables';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { listScheduleRuns } from '../schedule-runs';
import {
  backfillSchedule,
  createSchedule,
  deleteSchedule,
  nextRuns,
  pauseSchedule,
  resumeSchedule,
  triggerSchedule,
  updateSchedule,
} from '../schedules';
import {
  backfillBody,
  pauseBody,
  runsQuery,
  scheduleBody,
  scheduleListQuery,
  schedulePatchBody,
} from '../schemas/schedules';
import { parseBody, parseQuery, pathId } from '../validate';

const iso = (d: Date) => d.toISOString();

export function presentSchedule(s: ScheduleRow, next?: Date[]) {
  return {
    id: s.id,
    workflowId: s.workflow_id,
    cron: s.cron,
    timezone: s.timezone,
    timeWindow: { lookbackDays: s.lookback_days, lagDays: s.lag_days },
    parameters: s.parameters,
    overlap: s.overlap,
    paused: s.paused,
    note: s.note,
    temporalScheduleId: s.temporal_schedule_id,
    createdAt: iso(s.created_at),
    updatedAt: iso(s.updated_at),
    ...(next && { nextRuns: next.map(iso) }),
  };
}

/** POST /api/workflows/:id/schedules, mounted next to the saved-queries router. */
export function createSavedQuerySchedulesRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/:id/schedules', async (req, res) => {
    const savedQuery = await deps.repos.savedQueries.findById(currentUserId(res), pathId(req, 'id', 'workflow'));
    if (!savedQuery) throw notFound('workflow');
    const row = await createSchedule(deps, savedQuery, parseBody(scheduleBody, req));
    res.status(201).json(presentSchedule(row, await nextRuns(deps, row)));
  });
  return router;
}

export function createSchedulesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  async function load(req: Request, res: Response): Promise<ScheduleRow> {
    const row = await repos.schedules.findById(currentUserId(res), pathId(req, 'id', 'schedule'));
    if (!row) throw notFound('schedule');
    return row;
  }

  router.get('/', async (req, res) => {
    const { workflowId, ...page } = parseQuery(scheduleListQuery, req);
    const result = await repos.schedules.list(currentUserId(res), { workflowId }, page);
    res.json({ items: result.items.map((s) => presentSchedule(s)), nextCursor: result.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const row = await load(req, res);
    const description = await deps.temporal.schedule.getHandle(row.temporal_schedule_id).describe();
    res.json({
      ...presentSchedule(row, row.paused ? [] : description.info.nextActionTimes),
      temporal: {
        actionsTaken: description.info.numActionsTaken,
        actionsSkippedOverlap: description.info.numActionsSkippedOverlap,
        actionsMissedCatchupWindow: description.info.numActionsMissedCatchupWindow,
        runningWorkflowIds: description.info.runningActions.map((a) => a.workflow.workflowId),
      },
    });
  });

  router.patch('/:id', async (req, res) => {
    const current = await load(req, res);
    const row = await updateSchedule(deps, current, parseBody(schedulePatchBody, req));
    res.json(presentSchedule(row, await nextRuns(deps, row)));
  });

  router.delete('/:id', async (req, res) => {
    await deleteSchedule(deps, await load(req, res));
    res.status(204).end();
  });

  router.get('/:id/runs', async (req, res) => {
    const row = await load(req, res);
    res.json({ items: await listScheduleRuns(deps, row, parseQuery(runsQuery, req).limit), nextCursor: null });
  });

  router.post('/:id/pause', async (req, res) => {
    const row = await pauseSchedule(deps, await load(req, res), parseBody(pauseBody, req).note);
    res.json(presentSchedule(row, []));
  });

  router.post('/:id/resume', async (req, res) => {
    const row = await resumeSchedule(deps, await load(req, res), parseBody(pauseBody, req).note);
    res.json(presentSchedule(row, await nextRuns(deps, row)));
  });

  router.post('/:id/trigger', async (req, res) => {
    await triggerSchedule(deps, await load(req, res));
    res.status(202).json({ triggered: true });
  });

  router.post('/:id/backfill', async (req, res) => {
    const row = await load(req, res);
    const { start, end } = parseBody(backfillBody, req);
    const times = await backfillSchedule(deps, row, start, end);
    res.status(202).json({ start: iso(start), end: iso(end), scheduledTimes: times.map(iso), runs: times.length });
  });

  return router;
}
