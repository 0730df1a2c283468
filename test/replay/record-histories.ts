/**
 * `npm run replay:record`: re-records test/replay/histories/*.json from the current workflow code. It starts the
 * same throwaway infrastructure as a test run (Temporal dev server, Postgres, workflow bundle; test/helpers), runs
 * one of each kind of workflow end to end against the AMC simulator and saves each history as the Temporal UI's
 * "download history" JSON, with the run's `workflowId` added at the top. The replay test (workflows.replay.test.ts) then replays them against every later
 * change of workflow code.
 *
 * When to run it: before the first release, whenever workflow code changes on purpose (there are no running
 * workflows to protect yet). After a release, do NOT re-record to make the replay test pass: that would hide a
 * change that breaks running workflows. Branch the change with `patched('change-id')` instead, keep the old
 * histories, and add new ones next to them (ARCHITECTURE.md, "Changing workflow code").
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startInfra } from '../helpers/infra';
import { startStack, type Stack } from '../helpers/stack';

const historiesDir = path.join(__dirname, 'histories');

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function save(stack: Stack, name: string, workflowId: string): Promise<void> {
  const handle = stack.temporal.workflow.getHandle(workflowId);
  await handle.result().catch(() => undefined); // failed runs are recorded too
  const history = JSON.parse(historyToJSON(await handle.fetchHistory())) as Record<string, unknown>;
  // The workflow id next to the events: a workflow that derives ids from its own (a collection's week children)
  // replays only under the id it ran with.
  fs.writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify({ workflowId, ...history }, null, 2)}\n`);
  console.log(`recorded ${name}.json (${workflowId})`);
}

/** A webhook receiver on loopback that accepts everything. */
function startReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

async function execute(stack: Stack, ws: Workspace, body: Record<string, unknown> = {}) {
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body,
  });
  if (started.status !== 202) throw new Error(`execute: ${started.status} ${JSON.stringify(started.body)}`);
  return waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
}

async function record(stack: Stack, receiverUrl: string): Promise<void> {
  const ws = await createWorkspace(stack.apiUrl);
  const api = (method: string, p: string, body?: unknown) => call(stack.apiUrl, method, p, { token: ws.token, body });
  const hook = await api('POST', '/api/webhooks', {
    url: receiverUrl,
    events: ['execution.succeeded', 'execution.failed', 'collection.completed'],
  });

  // An execution that succeeds and emits execution.succeeded, and that event's delivery.
  const succeeded = await execute(stack, ws);
  await save(stack, 'amc-execution-succeeded', succeeded.temporalWorkflowId);
  const delivery = await until('the webhook delivery', async () => {
    const items = (await api('GET', `/api/webhooks/${hook.body.id}/deliveries`)).body.items as any[];
    return items.find((d) => d.subjectId === succeeded.id && d.status === 'SUCCEEDED');
  });
  await save(stack, 'webhook-delivery-succeeded', `webhook-delivery/${delivery.id}`);

  // A run of a query with history: polled on a plan (lib/poll-plan.ts), timers between single checks.
  const planned = await execute(stack, ws);
  if (!planned.expectedCompletionAt) throw new Error('expected the second run to have a poll plan');
  await save(stack, 'amc-execution-planned', planned.temporalWorkflowId);

  // An execution AMC fails (its failure recorded, its quota slot released, execution.failed emitted).
  await call(stack.simUrl, 'POST', '/__sim/faults', { body: { failWindowStarts: ['2026-01-19T00:00:00'] } });
  try {
    const failed = await execute(stack, ws, { timeWindowStart: '2026-01-19', timeWindowEnd: '2026-01-26' });
    if (failed.status !== 'FAILED') throw new Error(`expected a FAILED execution, got ${failed.status}`);
    await save(stack, 'amc-execution-failed', failed.temporalWorkflowId);
  } finally {
    await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
  }

  // A two-week data collection (each week a child execution; collection.completed at the end).
  const collection = await api('POST', '/api/data-collections', {
    workflowId: ws.savedQuery.id,
    startDate: '2026-01-05',
    endDate: '2026-01-18',
  });
  await until('the collection to finish', async () => {
    const view = (await api('GET', `/api/data-collections/${collection.body.id}`)).body;
    return view.status === 'SUCCEEDED' ? view : undefined;
  });
  await save(stack, 'data-collection-succeeded', collection.body.temporalWorkflowId);

  // One scheduled run (the Schedule's action), fired by trigger on a paused schedule.
  const schedule = await api('POST', `/api/workflows/${ws.savedQuery.id}/schedules`, {
    cron: '0 6 * * *',
    paused: true,
  });
  try {
    await api('POST', `/api/schedules/${schedule.body.id}/trigger`);
    const runId = await until('the scheduled run', async () => {
      const described = await stack.temporal.schedule.getHandle(schedule.body.temporalScheduleId).describe();
      return described.info.recentActions[0]?.action.workflow.workflowId;
    });
    await save(stack, 'scheduled-run-succeeded', runId);
  } finally {
    await api('DELETE', `/api/schedules/${schedule.body.id}`);
  }

  // One background token refresh sweep.
  const sweep = await stack.temporal.workflow.start('tokenRefreshWorkflow', {
    taskQueue: stack.taskQueue,
    workflowId: `replay-record-token-refresh-${Date.now()}`,
    args: [{ bufferSeconds: 900, parallelism: 4 }],
  });
  await save(stack, 'token-refresh-sweep', sweep.workflowId);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // before the dev server's own runtime: quiet workers
  const infra = await startInfra({ databaseUrl: process.env.TEST_DATABASE_URL });
  infra.exportToEnv();
  const receiver = await startReceiver();
  const stack = await startStack({ env: { WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true' } }); // the receiver is on loopback
  try {
    for (const f of fs.readdirSync(historiesDir)) if (f.endsWith('.json')) fs.rmSync(path.join(historiesDir, f));
    await record(stack, receiver.url);
  } finally {
    await stack.close();
    await receiver.close();
    await infra.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
