/**
 * GET /api/executions/:id/events and GET /api/data-collections/:id/events: status changes as Server-Sent Events,
 * fed by Postgres LISTEN/NOTIFY (api/event-hub.ts), not by polling. The current state is sent at once, then each
 * change; the stream ends after a terminal status. Another user's id is a 404 before anything is streamed.
 */
import { Router, type Request, type Response } from 'express';
import { isFinishedCollectionStatus } from '../../lib/collection-statuses';
import { executionStatusRank } from '../../lib/execution-statuses';
import { readCollectionProgress } from '../../services/collection-view';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { presentExecution } from '../presenters';
import type { Channel, HubMessage } from '../event-hub';
import { openSse } from '../sse';
import { pathId } from '../validate';

type Snapshot = { key: string; event: string; data: Record<string, unknown>; terminal: boolean };

/** Streams `read()` snapshots: now, and after every NOTIFY for this id (or reconnect), when `key` changed. */
async function stream(
  deps: ApiDeps,
  req: Request,
  res: Response,
  channel: Channel,
  id: string,
  read: (msg?: HubMessage) => Promise<Snapshot | undefined>,
): Promise<void> {
  let lastKey: string | undefined;
  let unsubscribe: () => void = () => undefined;
  let chain = Promise.resolve();
  const sse = openSse(req, res, deps.observability.sseHeartbeatSeconds, () => unsubscribe());
  // One update at a time, in order: a slow read cannot let an older snapshot overtake a newer one.
  const update = (msg?: HubMessage) => {
    chain = chain
      .then(async () => {
        if (sse.closed) return;
        const snap = await read(msg);
        if (!snap || snap.key === lastKey) return;
        lastKey = snap.key;
        sse.send(snap.event, snap.data);
        if (snap.terminal) sse.close();
      })
      .catch((err: unknown) => {
        res.locals.log?.warn({ err: String(err) }, 'event stream update failed');
        sse.close();
      });
  };
  try {
    unsubscribe = await deps.observability.events.subscribe(channel, id, {
      onMessage: update,
      onReconnect: () => update(),
    });
  } catch (err) {
    // No LISTEN, no updates: end the stream (the client reconnects after `retry:`) rather than keep it open
    // with heartbeats only, which would look live and never change.
    res.locals.log?.warn({ err: String(err) }, 'event stream could not listen');
    sse.close();
    return;
  }
  if (sse.closed) unsubscribe();
  update();
}

export function createExecutionEventsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/:id/events', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'execution');
    if (!(await deps.repos.executions.findById(userId, id))) throw notFound('execution');
    let rank = -1;
    await stream(deps, req, res, 'execution', id, async (msg) => {
      // A NOTIFY carries the new status; a reconnect or the first read asks the row (and its latest event).
      const row = msg ? undefined : await deps.repos.executions.findById(userId, id);
      const status = (msg?.status as string | undefined) ?? row?.status;
      if (!status || executionStatusRank(status) < rank) return undefined; // statuses only move forward
      rank = executionStatusRank(status);
      const terminal = rank === 2;
      // A terminal event says how it ended: the error of a FAILED (or CANCELLED) run, the row count of a success.
      const final = terminal ? (row ?? (await deps.repos.executions.findById(userId, id))) : undefined;
      const error = final ? presentExecution(final).error : undefined;
      const at = msg?.at ?? (row ? (await deps.repos.executions.events(id)).at(-1)?.created_at : undefined);
      const data = {
        executionId: id,
        status,
        amcStatus: msg ? (msg.amcStatus ?? null) : (row?.amc_status ?? null),
        // One format everywhere: ISO-8601 UTC with milliseconds (NOTIFY carries Postgres' own timestamp text).
        at: (at ? new Date(at as string | Date) : new Date()).toISOString(),
        ...(error && { error }),
        ...(final && status === 'SUCCEEDED' && { rowCount: final.row_count }),
      };
      return { key: status, event: 'status', data, terminal };
    });
  });
  return router;
}

export function createCollectionEventsRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/:id/events', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'data collection');
    if (!(await deps.repos.dataCollections.findById(userId, id))) throw notFound('data collection');
    await stream(deps, req, res, 'collection', id, async () => {
      const progress = await readCollectionProgress(deps, userId, id);
      if (!progress) return undefined;
      const { row, totalWeeks, finishedWeeks, counts } = progress;
      const terminal = isFinishedCollectionStatus(row.status);
      // The last event says what went wrong: each failed week with its error.
      const failedWeeks = terminal
        ? (await deps.repos.dataCollections.weeks(id))
            .filter((w) => w.status === 'FAILED')
            .map((w) => ({
              weekStart: w.week_start,
              executionId: w.execution_id,
              error: { code: w.error_code ?? 'FAILED', message: w.error_message ?? '' },
            }))
        : [];
      const data = {
        collectionId: id,
        status: row.status,
        totalWeeks,
        finishedWeeks,
        progress: progress.progress,
        finished: progress.finished,
        counts,
        ...(failedWeeks.length > 0 && { failedWeeks }),
      };
      return { key: JSON.stringify([row.status, counts]), event: 'progress', data, terminal };
    });
  });
  return router;
}
