/**
 * Scale-out: two worker processes and two API processes on one Temporal namespace and one Postgres, as behind a
 * load balancer (the collection is created through one API, followed and read through the other). One worker is
 * SIGKILLed while a 12-week collection runs with an AMC limit of 3 concurrent executions per instance. Every week
 * must end SUCCEEDED exactly once at AMC (the simulator's counters), the limit must never be exceeded across the
 * processes (the simulator's peakConcurrent), and no quota slot may be left held (amc_quota_tickets).
 */
import { call } from '../helpers/api-client';
import { createDb, type Db } from '../../db';
import { createWorkspace } from '../helpers/fixtures';
import { TOPOLOGY_NAMESPACES } from '../helpers/infra';
import { readSse } from '../helpers/sse';
import { startCluster, type Cluster } from './cluster';

const QUOTA = 3;
/** 12 whole Monday weeks, long past (no data lag). */
const TWELVE_WEEKS = { startDate: '2026-03-02', endDate: '2026-05-24' };
let cluster: Cluster;
let db: Db;

beforeAll(async () => {
  db = createDb(process.env.RECOMAMP_TEST_DATABASE_URL!, 2);
  cluster = await startCluster({
    namespace: TOPOLOGY_NAMESPACES.scaleOut,
    simulator: { executionSeconds: 2, concurrencyLimit: 10 },
    env: { AMC_MAX_CONCURRENT_PER_INSTANCE: String(QUOTA) },
  });
});

afterAll(async () => {
  await cluster?.close();
  await db?.destroy();
});

/** Resolves once `predicate` holds (checked every 100 ms; the simulator's counters are in this process). */
async function until(what: string, predicate: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('when one of two workers is SIGKILLed during a 12-week collection, then every week runs once, within the AMC limit, and no quota slot leaks', async () => {
  const [worker1, worker2, api1, api2] = await Promise.all([
    cluster.startWorker(),
    cluster.startWorker(),
    cluster.startApi(),
    cluster.startApi(),
  ]);
  const ws = await createWorkspace(api1.url);
  const instanceId = ws.instance.instanceId as string;
  const created = await call(api1.url, 'POST', '/api/data-collections', {
    token: ws.token,
    body: { workflowId: ws.savedQuery.id, ...TWELVE_WEEKS, concurrency: 12 },
  });
  expect(created.status).toBe(202);
  expect(created.body.totalWeeks).toBe(12);
  const collectionId = created.body.id as string;
  // Followed through the other API: its LISTEN/NOTIFY stream sees what the workers write.
  const stream = readSse(`${api2.url}/api/data-collections/${collectionId}/events`, ws.token, { timeoutMs: 240_000 });

  const created_ = () => cluster.sim.stats().executions.byInstance[instanceId]?.created ?? 0;
  await until('the first weeks created at AMC', () => created_() >= QUOTA + 1);
  await worker1.stop('SIGKILL');
  expect(created_()).toBeLessThan(12); // the collection was in the middle of its weeks

  const events = (await stream).events;
  expect(events.at(-1)?.data).toMatchObject({ status: 'SUCCEEDED', totalWeeks: 12, finishedWeeks: 12 });

  const read = (url: string) => call(url, 'GET', `/api/data-collections/${collectionId}`, { token: ws.token });
  const [fromApi1, fromApi2] = [await read(api1.url), await read(api2.url)];
  const weeks = fromApi1.body.weeks as { status: string; executionId: string; rowCount: number }[];
  expect(weeks).toHaveLength(12);
  expect(weeks.every((w) => w.status === 'SUCCEEDED' && w.rowCount > 0)).toBe(true);
  expect(fromApi2.body).toEqual(fromApi1.body);

  // Each week once at AMC, the limit held across both workers, nothing failed there.
  const amc = cluster.sim.stats().executions.byInstance[instanceId]!;
  expect(amc.created).toBe(12);
  expect(amc.succeeded).toBe(12);
  expect(amc.peakConcurrent).toBeLessThanOrEqual(QUOTA);
  expect(amc.peakConcurrent).toBeGreaterThanOrEqual(2);
  const executionIds = weeks.map((w) => w.executionId);
  expect(new Set(executionIds).size).toBe(12);
  const amcIds = await db('executions').whereIn('id', executionIds).distinct('amc_execution_id');
  expect(amcIds).toHaveLength(12);
  // No quota slot left held, and each week's rows stored once (chunk numbers unique per execution).
  expect(await db('amc_quota_tickets').whereIn('execution_id', executionIds).count({ n: '*' })).toEqual([{ n: 0 }]);
  const chunks = await db('execution_results')
    .whereIn('execution_id', executionIds)
    .groupBy('execution_id')
    .select(db.raw('count(*)::int AS chunks'), db.raw('count(distinct chunk_number)::int AS distinct_chunks'));
  expect(chunks).toHaveLength(12);
  for (const c of chunks) expect(c.chunks).toBe(c.distinct_chunks);

  // Both workers did part of the work: the killed one before it died, the survivor the rest.
  const weekWorkflows = await db('executions').whereIn('id', executionIds).pluck('temporal_workflow_id');
  const by = await cluster.completedBy([created.body.temporalWorkflowId, ...weekWorkflows]);
  expect(by.get(worker1.identity) ?? 0).toBeGreaterThan(0);
  expect(by.get(worker2.identity) ?? 0).toBeGreaterThan(0);
  expect([...by.keys()].sort()).toEqual([worker1.identity, worker2.identity].sort());
}, 300_000);
