/**
 * Production runs compiled JavaScript (`npm run build` → dist/, which `npm test` runs first). This starts the built
 * simulator, migrations, API and worker as processes (`node dist/…`, the worker on the prebuilt workflow bundle),
 * on the run's Postgres and Temporal server, and runs one execution through them. They use a Temporal namespace of
 * their own (test/helpers/infra.ts BUILT_NAMESPACE), so the worker's task queue and token-refresh Schedule touch
 * no other test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { BUILT_NAMESPACE } from '../helpers/infra';
import { findFreePort } from '../helpers/ports';

const root = path.join(__dirname, '..', '..');
const dist = (...p: string[]) => path.join(root, 'dist', ...p);
const children: ChildProcess[] = [];
let output = '';
/** The first test's API process and its address, drained by the second test. */
let api: { child: ChildProcess; url: string; token: string; savedQueryId: string } | undefined;
const API_GRACE_SECONDS = 3;

function start(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [dist(entry)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d: Buffer) => (output += d.toString()));
  children.push(child);
  return child;
}

async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer; process output:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
});

describe('the built processes', () => {
  test('when the compiled API, worker and simulator run, then an execution completes through them', async () => {
    for (const entry of ['api/main.js', 'worker/main.js', 'amc/simulator/main.js', 'db/migrate.js']) {
      expect([entry, fs.existsSync(dist(entry))]).toEqual([entry, true]); // run `npm run build` first
    }
    expect(fs.existsSync(dist('workflow-bundle.js'))).toBe(true);

    const [simPort, apiPort] = [await findFreePort(), await findFreePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: process.env.RECOMAMP_TEST_DATABASE_URL,
      TEMPORAL_ADDRESS: process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: BUILT_NAMESPACE,
      AMC_SIM_PORT: String(simPort),
      SIM_EXECUTION_SECONDS: '1',
      SIM_PENDING_SECONDS: '0.2',
      PORT: String(apiPort),
      PUBLIC_API_URL: apiUrl,
      AMC_POLL_INITIAL_SECONDS: '0.2',
      AMC_POLL_MAX_SECONDS: '1',
      WORKFLOW_BUNDLE_PATH: dist('workflow-bundle.js'),
      WORKER_METRICS_PORT: '0',
      API_SHUTDOWN_GRACE_SECONDS: String(API_GRACE_SECONDS),
      // Its first sweep is a day away: it never runs against the shared database during the test.
      TOKEN_REFRESH_INTERVAL_SECONDS: '86400',
    };

    const migrate = spawnSync(process.execPath, [dist('db/migrate.js')], { cwd: root, env, encoding: 'utf8' });
    expect([migrate.status, migrate.stdout.trim()]).toEqual([0, 'migrations applied']);
    start('amc/simulator/main.js', env);
    start('worker/main.js', env);
    const apiChild = start('api/main.js', env);
    await waitForHttp(`http://127.0.0.1:${simPort}/__sim/stats`);
    await waitForHttp(`${apiUrl}/ready`);

    const ws = await createWorkspace(apiUrl);
    const started = await call(apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    expect(started.status).toBe(202);
    const execution = await waitForExecution(apiUrl, ws.token, started.body.executionId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.rowCount).toBeGreaterThan(0);
    api = { child: apiChild, url: apiUrl, token: ws.token, savedQueryId: ws.savedQuery.id };
  });

  test('when the API process gets SIGTERM, then it refuses new connections, closes open streams after its grace period and exits 0', async () => {
    if (!api) throw new Error('the first test did not start the API');
    const { child, url, token, savedQueryId } = api;
    // A collection of this week waits for AMC's data lag: its event stream stays open until we stop the API.
    const today = new Date().toISOString().slice(0, 10);
    const collection = await call(url, 'POST', '/api/data-collections', {
      token,
      body: { workflowId: savedQueryId, startDate: today, endDate: today },
    });
    expect(collection.status).toBe(202);
    const stream = await fetch(`${url}/api/data-collections/${collection.body.id}/events`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('event: progress')) received += decoder.decode((await reader.read()).value);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    // The stream is held open through the grace period (clients finish or reconnect elsewhere), then closed.
    const streamEnd = (async () => {
      for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return Date.now() - signalledAt;
    })();
    // Meanwhile nothing new is accepted: the listening socket is closed at once.
    const refusedBy = Date.now() + 2_000;
    let refused = false;
    while (!refused && Date.now() < refusedBy) {
      refused = await fetch(`${url}/health`).then(
        () => false,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refused).toBe(true);
    const closedAfterMs = await streamEnd;
    expect(closedAfterMs).toBeGreaterThanOrEqual(API_GRACE_SECONDS * 1000 - 500);
    expect(await exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan((API_GRACE_SECONDS + 10) * 1000);
    expect(output).not.toMatch(/UnhandledPromiseRejection|ERR_/);
  });
});
