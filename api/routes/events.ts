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
  unsubscribe = await deps.observability.events.subscribe(channel, id, {
    onMessage: update,
    onReconnect: () => update(),
  });
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
      // A NOTIFY carries the new status; a reconnect or the first read asks the row.
      const row = msg ? undefined : await deps.repos.executions.findById(userId, id);
      const status = (msg?.status as string | undefined) ?? row?.status;
      if (!status || executionStatusRank(status) < rank) return undefined; // statuses only move forward
      rank = executionStatusRank(status);
      const data = {
        executionId: id,
        status,
        amcStatus: msg ? (msg.amcStatus ?? null) : (row?.amc_status ?? null),
        at: msg?.at ?? new Date().toISOString(),
      };
      return { key: status, event: 'status', data, terminal: rank === 2 };
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
      const data = {
        collectionId: id,
        status: row.status,
        totalWeeks,
        finishedWeeks,
        progress: progress.progress,
        finished: progress.finished,
        counts,
      };
      return {
        key: JSON.stringify([row.status, counts]),
        event: 'progress',
        data,
        terminal: isFinishedCollectionStatus(row.status),
      };
    });
  });
  return router;
}
