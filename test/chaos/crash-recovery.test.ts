/**
 * Crash tests: the worker SIGKILLed mid-poll and mid-result-download, the Temporal dev server restarted (file
 * persistence), Postgres restarted — with executions in flight each time. Every run must end SUCCEEDED with
 * exactly one AMC execution each (the simulator's count) and exactly its result rows (no missing, no duplicates).
 * Own Temporal, own Postgres, the worker as a child process (test/chaos/chaos-infra.ts); API and simulator here.
 * Then Postgres down for longer than the old bookkeeping retry budget while a collection runs (the worker and the
 * API answer /ready 503 meanwhile, the worker stays live, both ready again after): it finishes, with
 * no activity given up and no quota ticket left behind.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config';
import { createApp } from '../../api/app';
import { buildApiDeps } from '../../api/build-deps';
import { createSimulator } from '../../amc/simulator';
import { createDb, migrateLatest, type Db } from '../../db';
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { findFreePort } from '../helpers/ports';
import {
  changeFeed,
  ownPostgres,
  ownTemporal,
  workerProcess,
  type ChangeFeed,
  type OwnPostgres,
  type OwnTemporal,
  type WorkerProcess,
} from './chaos-infra';

const cli = process.env.RECOMAMP_TEST_TEMPORAL_CLI;
const RESULT_ROWS = 2500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let temporal: OwnTemporal;
let pg: OwnPostgres;
let worker: WorkerProcess;
let feed: ChangeFeed;
let sim: ReturnType<typeof createSimulator>;
let db: Db;
let client: Connection;
let server: http.Server;
let apiUrl: string;
let ws: Workspace;
const ids: string[] = [];

/** Reads the rows of our executions; retries while Postgres is down. */
async function rows(): Promise<{ id: string; status: string; amc_status: string | null; row_count: number | null }[]> {
  for (;;) {
    try {
      return await db('executions').whereIn('id', ids).select('id', 'status', 'amc_status', 'row_count');
    } catch {
      await sleep(300);
    }
  }
}

/** Event-driven: re-checked at every execution status change; stops at once if the worker died on its own. */
async function until(what: string, predicate: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  try {
    await feed.until(what, predicate, { timeoutMs, alive: () => worker.assertAlive() });
  } catch (err) {
    throw new Error(`${(err as Error).message}; rows: ${JSON.stringify(await rows())}`, { cause: err });
  }
}

async function startBatch(n: number): Promise<string[]> {
  const started: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, { token: ws.token, body: {} });
    if (res.status !== 202) throw new Error(`execute: ${res.status} ${JSON.stringify(res.body)}`);
    started.push(res.body.executionId);
  }
  ids.push(...started);
  return started;
}

const statusOf = async (batch: string[]) => (await rows()).filter((r) => batch.includes(r.id));

/** Reads an SSE stream of the API in the background; `until` waits (30 s at most) for its text to match. */
function followEvents(path: string) {
  let text = '';
  const reading = fetch(`${apiUrl}${path}`, { headers: { Authorization: `Bearer ${ws.token}` } }).then(async (res) => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value);
  });
  reading.catch(() => undefined);
  return {
    async until(match: (text: string) => boolean): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (!match(text) && Date.now() < deadline) await sleep(100);
      if (!match(text)) throw new Error(`the event stream never matched; it carried:\n${text}`);
    },
  };
}

(cli ? describe : describe.skip)('crash recovery (own Temporal, own Postgres, worker process)', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-chaos-'));
    fs.chmodSync(dir, 0o755); // embedded Postgres runs as `postgres` when we are root
    temporal = ownTemporal(cli!, await findFreePort(), dir);
    pg = ownPostgres(await findFreePort(), dir);
    await Promise.all([temporal.start(), pg.start()]);
    db = createDb(pg.url, 5);
    await migrateLatest(db);

    sim = createSimulator({
      executionSeconds: 3,
      pendingSeconds: 0.2,
      resultSource: 'synthetic',
      resultRows: RESULT_ROWS,
      concurrencyLimit: 50,
    });
    const simUrl = (await sim.listen(0)).url;
    server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env = {
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      AMC_API_BASE_URL: simUrl,
      LWA_AUTHORIZE_URL: `${simUrl}/ap/oa`,
      LWA_TOKEN_URL: `${simUrl}/auth/o2/token`,
      LWA_PROFILE_URL: `${simUrl}/user/profile`,
      AMC_CIRCUIT_OPEN_SECONDS: '1',
      AMC_CIRCUIT_PROBE_WAIT_SECONDS: '0.5',
    };
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_API_URL: apiUrl, ...env });
    client = await Connection.connect({ address: temporal.address });
    const deps = buildApiDeps(config, db, new Client({ connection: client }), {
      pollInitialSeconds: 0.3,
      pollMaxSeconds: 1,
      attemptTimeoutSeconds: 5, // a dead worker's activity moves on within 5 s (the download heartbeats)
      bookkeepingRetryMaxSeconds: 1, // bookkeeping retries every second: the old 20–30 attempts last ~30 s
    });
    server.on('request', createApp(deps));
    feed = changeFeed(pg.url);
    worker = workerProcess(env, dir);
    await worker.start();
    ws = await createWorkspace(apiUrl);
  }, 120_000);

  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await feed?.close();
    await new Promise((r) => server?.close(r));
    server?.closeAllConnections();
    await sim?.close();
    await client?.close();
    await db?.destroy();
    await temporal?.stop();
    await pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('when the worker, Temporal and Postgres crash mid-run, then every execution completes exactly once', async () => {
    // 1. Worker SIGKILLed while executions are polled (RUNNING at AMC).
    const polled = await startBatch(3);
    await until('AMC RUNNING', async () => (await statusOf(polled)).every((r) => r.amc_status === 'RUNNING'));
    await worker.kill('SIGKILL');
    await worker.start();

    // 2. Worker SIGKILLed while results download (AMC SUCCEEDED, the slow download under way).
    sim.configure({ downloadDelayMs: 2500 });
    const downloading = await startBatch(2);
    await until(
      'a download',
      async () => (await statusOf(downloading)).some((r) => r.amc_status === 'SUCCEEDED' && r.status === 'RUNNING'),
      90_000,
    );
    await worker.kill('SIGKILL');
    sim.configure({ downloadDelayMs: 300 });
    await worker.start();

    // 3. Temporal restarted (SIGTERM, then the same port and db file) with executions in flight.
    const acrossTemporal = await startBatch(2);
    await until('in flight', async () => (await statusOf(acrossTemporal)).every((r) => r.amc_status !== null));
    await temporal.stop('SIGTERM');
    await temporal.start();

    // 4. Postgres restarted with executions in flight, while a client follows one of them live (SSE): the API's
    // LISTEN connection is lost with Postgres and must come back, however many attempts that takes.
    const acrossPostgres = await startBatch(2);
    await until('in flight', async () => (await statusOf(acrossPostgres)).every((r) => r.amc_status !== null));
    const live = followEvents(`/api/executions/${acrossPostgres[0]}/events`);
    await live.until((text) => text.includes('event: status'));
    await pg.stop();
    await sleep(1000);
    await pg.start();

    // Every run ends SUCCEEDED, once at AMC, with exactly its rows.
    await until('all SUCCEEDED', async () => (await rows()).every((r) => r.status === 'SUCCEEDED'), 150_000);
    // The live client saw the end on the stream it opened before the restart.
    await live.until((text) => text.includes('"status":"SUCCEEDED"'));
    expect(sim.stats().executions.byInstance[ws.instance.instanceId]?.created).toBe(ids.length);
    const stored = await db('execution_results')
      .whereIn('execution_id', ids)
      .groupBy('execution_id')
      .select(
        'execution_id',
        db.raw('sum(row_count)::int AS rows'),
        db.raw('count(*)::int AS chunks'),
        db.raw('count(distinct chunk_number)::int AS distinct_chunks'),
      );
    expect(stored).toHaveLength(ids.length);
    for (const s of stored) {
      expect(s.rows).toBe(RESULT_ROWS);
      expect(s.chunks).toBe(s.distinct_chunks);
    }
    for (const r of await rows()) expect(r.row_count).toBe(RESULT_ROWS);
  }, 300_000);

  test('when Postgres is down longer than the old bookkeeping retry budget, then a collection still finishes and leaks no quota ticket', async () => {
    const res = await call(apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: '2025-01-06', endDate: '2025-01-26', concurrency: 3 },
    });
    expect(res.status).toBe(202);
    const collectionId: string = res.body.id;
    const weekExecutions = async () =>
      db('collection_weeks as w')
        .join('executions as e', 'e.id', 'w.execution_id')
        .where('w.collection_id', collectionId)
        .select('e.id', 'e.amc_status');
    await until('weeks at AMC', async () => {
      const weeks = await weekExecutions();
      return weeks.length === 3 && weeks.every((w) => w.amc_status === 'RUNNING');
    });
    const createdBefore = sim.stats().executions.byInstance[ws.instance.instanceId]?.created ?? 0;

    // 40 s down: bookkeeping retrying every second would have given up after its old 20–30 attempts.
    await pg.stop();
    const outageEnds = Date.now() + 40_000;
    // Meanwhile the worker and the API say they are not ready (a load balancer or orchestrator stops routing to
    // them), while the worker stays alive (no restart while it waits for Postgres to come back).
    const workerReady = await worker.probe('/ready');
    expect(workerReady.status).toBe(503);
    expect(workerReady.body.error).toMatchObject({ code: 'NOT_READY', details: { postgres: false, temporal: true } });
    expect((await worker.probe('/health')).status).toBe(200);
    const apiReady = await call(apiUrl, 'GET', '/ready');
    expect(apiReady.status).toBe(503);
    expect(apiReady.body.error).toMatchObject({ code: 'NOT_READY', details: { down: ['postgres'] } });
    await sleep(Math.max(0, outageEnds - Date.now()));
    await pg.start();
    // Ready again once Postgres answers (a pooled connection that died with it may fail one probe first).
    // Probes are polled, as an orchestrator does (no status change announces them).
    const readyBy = Date.now() + 30_000;
    let probes: number[] = [];
    do {
      if (probes.length > 0) await sleep(250);
      probes = [(await worker.probe('/ready')).status, (await call(apiUrl, 'GET', '/ready')).status];
    } while (probes.some((s) => s !== 200) && Date.now() < readyBy);
    expect(probes).toEqual([200, 200]);

    const collectionStatus = async () =>
      (
        await db('data_collections')
          .where({ id: collectionId })
          .first('status')
          .catch(() => undefined)
      )?.status;
    await until('collection SUCCEEDED', async () => (await collectionStatus()) === 'SUCCEEDED', 150_000);
    // Each week ran once at AMC; no ticket left at the quota gate.
    expect(sim.stats().executions.byInstance[ws.instance.instanceId]?.created).toBe(createdBefore);
    const weekIds = (await weekExecutions()).map((w) => w.id);
    const [tickets] = await db('amc_quota_tickets').whereIn('execution_id', weekIds).count({ n: '*' });
    expect(Number(tickets!.n)).toBe(0);
    // No activity gave up: a final activity failure is the only kind recorded in history.
    const temporalClient = new Client({ connection: client });
    const gaveUp: string[] = [];
    const { events } = await temporalClient.workflow.getHandle(`data-collection/${collectionId}`).fetchHistory();
    for (const e of events ?? []) if (e.activityTaskFailedEventAttributes) gaveUp.push(JSON.stringify(e));
    expect(gaveUp).toEqual([]);
  }, 300_000);
});
