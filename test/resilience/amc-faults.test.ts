/**
 * Each AMC fault, injected at the simulator (POST /__sim/faults), run through the whole stack: API → Temporal →
 * worker → simulator → Postgres. What the user sees is asserted through the API; "no duplicate AMC execution"
 * through the simulator's own count.
 */
import { call, simStats, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  stack = await startStack({
    simulator: { executionSeconds: 0.5, pendingSeconds: 0.1 },
    env: {
      AMC_HTTP_TIMEOUT_MS: '1000',
      AMC_CIRCUIT_FAILURE_THRESHOLD: '2',
      AMC_CIRCUIT_OPEN_SECONDS: '1',
      AMC_CIRCUIT_PROBE_WAIT_SECONDS: '0.5',
    },
  });
  ws = await createWorkspace(stack.apiUrl);
}, 60_000);
afterEach(() => stack.sim.clearFaults());
afterAll(() => stack?.close());

const faults = (body: Record<string, unknown>) => call(stack.simUrl, 'POST', '/__sim/faults', { body });
const created = async () => (await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId]?.created ?? 0;
const circuit = async () =>
  (await call(stack.apiUrl, 'GET', `/api/instances/${ws.instance.id}`, { token: ws.token })).body.circuit;

/** Runs one execution to its end and returns it with how many AMC executions it created. */
async function runOnce(body: Record<string, unknown> = {}, waitMs = 90_000) {
  const before = await created();
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body,
  });
  expect(started.status).toBe(202);
  const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId, undefined, waitMs);
  return { execution, amcCreated: (await created()) - before };
}

describe('AMC faults, end to end', () => {
  test('when AMC throttles half the calls (429 + Retry-After), then the run waits and succeeds, created once', async () => {
    expect((await faults({ rates: { '429': 0.5 }, retryAfterSeconds: 1 })).status).toBe(200);
    const { execution, amcCreated } = await runOnce();
    expect(execution.status).toBe('SUCCEEDED');
    expect(amcCreated).toBe(1);
  });

  // Random faults on every AMC call (a download attempt makes three) give a long tail of back-off: the download's
  // retry policy grows to a minute between attempts, and on a busy machine the 1 s client timeout adds failures.
  // The run must succeed, created once, within what that policy allows; a slow draw must not leak into the next test.
  test('when AMC answers 500/502/503 at random, then calls are retried with back-off and the run succeeds', async () => {
    await faults({ rates: { '500': 0.15, '502': 0.1, '503': 0.1 }, retryAfterSeconds: 1 });
    const { execution, amcCreated } = await runOnce({}, 270_000);
    expect(execution.status).toBe('SUCCEEDED');
    expect(amcCreated).toBe(1);
  }, 300_000);

  test('when AMC accepts the create but the response is lost, then the retry adopts it: one AMC execution', async () => {
    await faults({ dropCreateResponses: 1 });
    const { execution, amcCreated } = await runOnce();
    expect(execution.status).toBe('SUCCEEDED');
    expect(amcCreated).toBe(1);
    const history = await call(stack.apiUrl, 'GET', `/api/executions/${execution.id}/history`, { token: ws.token });
    expect(history.body.items.map((e: { detail: string | null }) => e.detail)).toContain(
      'adopted the AMC execution created earlier',
    );
  });

  test('when AMC is slower than the client timeout for a while, then timed-out calls are retried, created once', async () => {
    await faults({ latencyMs: 1500 }); // beyond AMC_HTTP_TIMEOUT_MS=1000: every call times out, the create still lands
    const started = call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    const before = await created();
    const id = (await started).body.executionId;
    await new Promise((r) => setTimeout(r, 3000));
    stack.sim.clearFaults();
    const execution = await waitForExecution(stack.apiUrl, ws.token, id, undefined, 90_000);
    expect(execution.status).toBe('SUCCEEDED');
    expect((await created()) - before).toBe(1);
  });

  test('when AMC is down (outage), then the circuit opens, calls wait, a probe closes it and the run succeeds', async () => {
    await faults({ outageSeconds: 3 });
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    const deadline = Date.now() + 30_000;
    let seen = await circuit();
    while (seen.state === 'closed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await circuit();
    }
    expect(seen).toMatchObject({
      state: expect.stringMatching(/open|half_open/),
      failures: expect.any(Number),
      openedAt: expect.any(String),
    });
    expect(seen.failures).toBeGreaterThanOrEqual(2);
    const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId, undefined, 90_000);
    expect(execution.status).toBe('SUCCEEDED');
    expect(await circuit()).toMatchObject({ state: 'closed', failures: 0, retryAt: null });
  });

  test('when AMC fails the execution after running, then the row is FAILED with AMC_EXECUTION_FAILED and the reason', async () => {
    await faults({ failAfterRunning: 1 });
    const { execution, amcCreated } = await runOnce();
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toMatchObject({ code: 'AMC_EXECUTION_FAILED', message: expect.stringMatching(/fail/i) });
    expect(amcCreated).toBe(1);
  });

  test('when Amazon revokes the tokens, then the run fails at once with AMAZON_CONSENT_REQUIRED (no retries)', async () => {
    await faults({ revokeTokens: true });
    const { execution, amcCreated } = await runOnce();
    expect(execution.status).toBe('FAILED');
    expect(execution.error.code).toBe('AMAZON_CONSENT_REQUIRED');
    expect(amcCreated).toBe(0);
    const user = await call(stack.apiUrl, 'GET', '/api/auth/user', { token: ws.token });
    expect(user.body.amazonConnected).toBe(false);
  });
});
