/**
 * No plaintext Amazon token anywhere we keep things: after real logins, executions, a background refresh and a
 * 401-driven refresh, every token the simulator ever issued is searched for in a dump of every table, in the
 * decoded payloads of every workflow history of this file's task queue, and in everything the process logged.
 */
import { randomUUID } from 'node:crypto';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, uniqueSimUser, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';
import { ensureTokenRefreshSchedule } from '../../worker/token-refresh-schedule';

let stack: Stack;
let users: Workspace[];
const logged: string[] = [];

/** Every byte array in a history (payload data, failure details…) as UTF-8 text, plus the rest as JSON. */
function historyText(value: unknown, out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const v of value) historyText(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) historyText(v, out);
  else if (typeof value === 'string') out.push(value);
  return out;
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      original(...args);
    });
  }
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (stdoutWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
  stack = await startStack({ simulator: { accessTokenTtlSeconds: 600 } });
  users = await Promise.all(
    [uniqueSimUser('scan-a'), uniqueSimUser('scan-b')].map((u) => createWorkspace(stack.apiUrl, { simUser: u })),
  );
});
afterAll(async () => {
  jest.restoreAllMocks();
  await stack?.close();
});

test('when tokens were issued, used and refreshed, then no plaintext token is in Postgres, workflow histories or logs', async () => {
  // Executions (activities open tokens), a forced 401 (refresh on retry), and a background refresh sweep.
  for (const u of users) {
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${u.savedQuery.id}/execute`, {
      token: u.token,
      body: {},
    });
    expect((await waitForExecution(stack.apiUrl, u.token, started.body.executionId)).status).toBe('SUCCEEDED');
  }
  await fetch(`${stack.simUrl}/__sim/tokens/expire`, { method: 'POST' });
  const again = await call(stack.apiUrl, 'POST', `/api/workflows/${users[0]!.savedQuery.id}/execute`, {
    token: users[0]!.token,
    body: {},
  });
  expect((await waitForExecution(stack.apiUrl, users[0]!.token, again.body.executionId)).status).toBe('SUCCEEDED');
  const scheduleId = await ensureTokenRefreshSchedule(stack.temporal, {
    scheduleId: `test-token-scan-${randomUUID()}`,
    taskQueue: stack.taskQueue,
    intervalSeconds: 3600,
    bufferSeconds: 900,
    parallelism: 2,
  });
  const schedule = stack.temporal.schedule.getHandle(scheduleId);
  await schedule.trigger();
  let sweepId: string | undefined;
  while (!sweepId) {
    sweepId = (await schedule.describe()).info.recentActions[0]?.action.workflow.workflowId;
    if (!sweepId) await new Promise((r) => setTimeout(r, 100));
  }
  await stack.temporal.workflow.getHandle(sweepId).result();
  await schedule.delete();

  const tokens = [...stack.sim.state.accessTokens.keys(), ...stack.sim.state.refreshTokens.keys()];
  expect(tokens.length).toBeGreaterThanOrEqual(6); // 2 logins + refreshes, each an access and a refresh token
  const { rows: tables } = await stack.db.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  let dump = '';
  for (const { tablename } of tables as Array<{ tablename: string }>) {
    const { rows } = await stack.db.raw(`SELECT row_to_json(t)::text AS j FROM "${tablename}" t`);
    dump += rows.map((r: { j: string }) => r.j).join('\n');
  }
  expect(dump).toContain(users[0]!.session.user.id); // the dump has the users in it…

  const histories: string[] = [];
  for await (const wf of stack.temporal.workflow.list()) {
    if (wf.taskQueue !== stack.taskQueue) continue;
    histories.push(
      historyText(await stack.temporal.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory()).join('\n'),
    );
  }
  expect(histories.length).toBeGreaterThanOrEqual(4); // 3 executions and the sweep
  const logs = logged.join('\n');

  for (const token of tokens) {
    expect(dump.includes(token)).toBe(false); // …but never a token
    expect(histories.some((h) => h.includes(token))).toBe(false);
    expect(logs.includes(token)).toBe(false);
  }
});
