/** Schedules (contract: Schedules): /api/schedules/* and POST /api/workflows/:id/schedules. */
import { Router, type Request, type Response } from 'express';
import type { ScheduleRow } from '../../db/tables';
import { backfillSchedule } from '../../services/backfill-schedule';
import { createSchedule } from '../../services/create-schedule';
import { deleteSchedule } from '../../services/delete-schedule';
import { describeSchedule, nextRuns } from '../../services/describe-schedule';
import { listScheduleRuns } from '../../services/list-schedule-runs';
import { pauseSchedule, resumeSchedule } from '../../services/pause-schedule';
import { triggerSchedule } from '../../services/trigger-schedule';
import { updateSchedule } from '../../services/update-schedule';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { presentSchedule } from '../presenters';
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
    const result = await repos.schedules.list(currentUserId(res), { savedQueryId: workflowId }, page);
    res.json({ items: result.items.map((s) => presentSchedule(s)), nextCursor: result.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const row = await load(req, res);
    const [{ nextRuns: next, temporal }, pauses] = await Promise.all([
      describeSchedule(deps, row),
      repos.schedules.pauses(row.id),
    ]);
    res.json({ ...presentSchedule(row, next, pauses), temporal });
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
    res.json(presentSchedule(row, [], await repos.schedules.pauses(row.id)));
  });

  router.post('/:id/resume', async (req, res) => {
    const row = await resumeSchedule(deps, await load(req, res), parseBody(pauseBody, req).note);
    res.json(presentSchedule(row, await nextRuns(deps, row), await repos.schedules.pauses(row.id)));
  });

  /** What the trigger started: its execution (null only if the Schedule did not act within seconds). */
  router.post('/:id/trigger', async (req, res) => {
    const run = await triggerSchedule(deps, await load(req, res));
    res.status(202).json({ triggered: true, ...run });
  });

  /** The scheduled times it asked for: their executions are created as the runs start (see …/runs). */
  router.post('/:id/backfill', async (req, res) => {
    const row = await load(req, res);
    const { start, end, scheduledTimes } = await backfillSchedule(deps, row, parseBody(backfillBody, req));
    res.status(202).json({
      start: iso(start),
      end: iso(end),
      timezone: row.timezone,
      scheduledTimes: scheduledTimes.map(iso),
      runs: scheduledTimes.length,
    });
  });

  return router;
}
