/**
 * Graceful shutdown of a worker process (WORKER_SHUTDOWN_GRACE_SECONDS → the SDK's shutdownGraceTime). A SIGTERM
 * arrives while the worker downloads an execution's results (the simulator holds each download back):
 * - the worker stops taking work at once (its /ready turns 503 while /health stays 200; an execution started
 *   now is not touched by it and runs once another worker polls);
 * - a download that fits in the grace time finishes on the draining worker, which then exits 0 within the grace;
 * - a download that does not fit is cancelled at the end of the grace, fails its attempt at once and is handed to
 *   the other worker (attempt 2 there, with attempt 1's heartbeat details noted in the row's history), and the
 *   draining worker exits 0 right after the grace.
 */
import { createDb, type Db } from '../../db';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { TOPOLOGY_NAMESPACES } from '../helpers/infra';
import { startCluster, type ApiProcess, type Cluster, type WorkerProcess } from './cluster';

let cluster: Cluster;
let db: Db;
let api: ApiProcess;
let ws: Workspace;

beforeAll(async () => {
  db = createDb(process.env.RECOMAMP_TEST_DATABASE_URL!, 2);
  cluster = await startCluster({ namespace: TOPOLOGY_NAMESPACES.shutdown });
  api = await cluster.startApi();
  ws = await createWorkspace(api.url);
});

afterAll(async () => {
  await cluster?.close();
  await db?.destroy();
});

async function until(what: string, predicate: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function execute(): Promise<string> {
  const res = await call(api.url, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, { token: ws.token, body: {} });
  expect(res.status).toBe(202);
  return res.body.executionId as string;
}

const row = (id: string) => db('executions').where({ id }).first();

/**
 * Resolves once the execution's results are downloading on `worker`: AMC finished, rows not stored yet, the
 * simulator holds a result-file request (`requested` counts it on arrival, before the `downloadDelayMs` hold) and
 * the worker runs a heartbeating activity. The file request matters: another heartbeating activity (a Schedule's
 * sweep firing on the clock) must not pass for the download.
 */
async function downloadingOn(worker: WorkerProcess, executionId: string): Promise<void> {
  const requestedBefore = cluster.sim.stats().downloads.requested;
  await until('the result download', async () => {
    const r = await row(executionId);
    if (r?.amc_status !== 'SUCCEEDED' || r.status !== 'RUNNING') return false;
    if (cluster.sim.stats().downloads.requested === requestedBefore) return false;
    return (await worker.readiness()).body.inFlight?.heartbeatingActivities > 0;
  });
}

/** Storing the results: the ActivityTaskStarted events of storeAmcResults (attempt, who, why the last one failed). */
async function downloadAttempts(executionId: string) {
  const { temporal_workflow_id: workflowId } = await row(executionId);
  const history = await cluster.temporal.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const started: { attempt: number; identity: string; lastFailure: string | undefined }[] = [];
  for (const e of history.events ?? []) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(e.eventId), s.activityType?.name ?? '');
    const a = e.activityTaskStartedEventAttributes;
    if (a && scheduled.get(String(a.scheduledEventId)) === 'storeAmcResults') {
      started.push({
        attempt: a.attempt ?? 0,
        identity: a.identity ?? '',
        lastFailure: a.lastFailure?.message ?? undefined,
      });
    }
  }
  return started;
}

test('when a worker gets SIGTERM mid-download, then it stops taking work, finishes the download within its grace time and exits', async () => {
  const GRACE = 20;
  cluster.sim.configure({ downloadDelayMs: 6000 });
  const draining = await cluster.startWorker({
    WORKER_SHUTDOWN_GRACE_SECONDS: String(GRACE),
    WORKER_SHUTDOWN_FORCE_SECONDS: String(GRACE + 10),
  });
  const first = await execute();
  await downloadingOn(draining, first);

  const sigterm = Date.now();
  draining.child.kill('SIGTERM');
  // Stops taking work: readiness fails at once, liveness holds while it drains.
  await until('readiness to fail', async () => (await draining.readiness()).status === 503);
  const { body } = await draining.readiness();
  expect(['STOPPING', 'DRAINING', 'DRAINED']).toContain(body.error.details.state);
  expect((await fetch(`${draining.probeUrl}/health`)).status).toBe(200);
  const second = await execute(); // queued while the only worker drains

  const exit = await draining.exited;
  const drainMs = exit.at - sigterm;
  console.log(`worker drained and exited ${drainMs} ms after SIGTERM (grace ${GRACE} s, download held 6 s)`);
  expect(exit.code).toBe(0);
  expect(drainMs).toBeLessThan(GRACE * 1000);
  expect(draining.output()).not.toMatch(/GracefulShutdownPeriodExpired/);

  // The download finished on the draining worker, in its first attempt.
  expect((await row(first)).status).toBe('SUCCEEDED');
  expect(await downloadAttempts(first)).toEqual([{ attempt: 1, identity: draining.identity, lastFailure: undefined }]);
  // The execution started during the drain was not taken: nothing at AMC until another worker polls.
  expect((await row(second)).amc_execution_id).toBeNull();
  cluster.sim.configure({ downloadDelayMs: 0 });
  const next = await cluster.startWorker();
  expect((await waitForExecution(api.url, ws.token, second, undefined, 60_000)).status).toBe('SUCCEEDED');
  const secondBy = await cluster.completedBy([(await row(second)).temporal_workflow_id]);
  expect([...secondBy.keys()]).toEqual([next.identity]);
  expect((await next.stop('SIGTERM')).code).toBe(0); // idle: it exits at once
}, 240_000);

test('when a download outlasts the grace time, then it is cancelled, handed to another worker with its heartbeat details, and the worker exits right after the grace', async () => {
  const GRACE = 2;
  cluster.sim.configure({ downloadDelayMs: 30_000 });
  const draining = await cluster.startWorker({
    WORKER_SHUTDOWN_GRACE_SECONDS: String(GRACE),
    WORKER_SHUTDOWN_FORCE_SECONDS: '25',
  });
  const id = await execute();
  await downloadingOn(draining, id);
  // The other worker polls only now, so the first download attempt is the draining worker's.
  const taker = await cluster.startWorker();

  const sigterm = Date.now();
  draining.child.kill('SIGTERM');
  cluster.sim.configure({ downloadDelayMs: 0 }); // the held download stays held; the next one is quick
  const exit = await draining.exited;
  const drainMs = exit.at - sigterm;
  console.log(`worker cancelled its download after the ${GRACE} s grace and exited ${drainMs} ms after SIGTERM`);
  expect(exit.code).toBe(0);
  expect(drainMs).toBeGreaterThanOrEqual(GRACE * 1000);
  expect(drainMs).toBeLessThan(25_000); // before the force time: the cancelled attempt ended at once

  expect((await waitForExecution(api.url, ws.token, id, undefined, 60_000)).status).toBe('SUCCEEDED');
  const attempts = await downloadAttempts(id);
  expect(attempts).toHaveLength(1); // the events record the attempt that completed
  expect(attempts[0]).toMatchObject({ attempt: 2, identity: taker.identity });
  // Attempt 1 failed because its worker shut down (not a heartbeat timeout a minute later).
  expect(attempts[0]!.lastFailure).toMatch(/shutting down/);
  const history = await call(api.url, 'GET', `/api/executions/${id}/history`, { token: ws.token });
  const stored = history.body.items.find((e: { status: string }) => e.status === 'SUCCEEDED');
  expect(stored.detail).toMatch(/^stored \d+ rows \(attempt 2 took over from attempt 1, stopped after 0 rows\)$/);
}, 240_000);
