/**
 * The per-instance circuit breaker on the run's real Postgres: opening, failing fast without calling AMC, one
 * half-open probe at a time, closing, and which failures count. Also how activities map AMC errors.
 */
import { randomUUID } from 'node:crypto';
import { type ApplicationFailure } from '@temporalio/common';
import { AmcApiError, LwaError } from '../../amc/client';
import { judgeAmcFailure, toActivityFailure } from '../../activities/amc-session';
import { createDb, createRepositories, type Db } from '../../db';
import {
  CircuitOpenError,
  createCircuitBreaker,
  readCircuitStates,
  type CircuitSettings,
} from '../../amazon/circuit-breaker';

let db: Db;
beforeAll(() => {
  db = createDb(process.env.RECOMAMP_TEST_DATABASE_URL!, 4);
});
afterAll(() => db.destroy());

const settings: CircuitSettings = {
  failureThreshold: 3,
  openSeconds: 0.3,
  probeWaitSeconds: 0.2,
  probeLeaseSeconds: 60,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const serverError = () => new AmcApiError({ kind: 'server', status: 503, details: 'down' });

function setup(overrides: Partial<CircuitSettings> = {}) {
  const key = `amc${randomUUID().slice(0, 8)}`;
  const breaker = createCircuitBreaker({
    circuits: createRepositories(db).amcCircuits,
    settings: { ...settings, ...overrides },
  });
  let calls = 0;
  const ok = () => breaker.guard(key, async () => ++calls, judgeAmcFailure);
  const fail = (err: unknown = serverError()) =>
    breaker
      .guard(
        key,
        async () => {
          calls++;
          throw err;
        },
        judgeAmcFailure,
      )
      .catch((e: unknown) => e);
  return { key, breaker, ok, fail, calls: () => calls };
}

describe('AMC circuit breaker', () => {
  test('when failures reach the threshold, then it opens and later calls fail fast without calling AMC', async () => {
    const c = setup();
    for (let i = 0; i < 3; i++) expect(await c.fail()).toBeInstanceOf(AmcApiError);
    const view = await c.breaker.read(c.key);
    expect(view).toMatchObject({
      state: 'open',
      failures: 3,
      openedAt: expect.any(String),
      retryAt: expect.any(String),
    });

    const refused = await c.fail();
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect((refused as CircuitOpenError).retryAt.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(c.calls()).toBe(3); // the refused call never ran
    expect((await readCircuitStates(db)).find((s) => s.instanceKey === c.key)?.state).toBe('open');
  });

  test('when the probe time comes, then exactly one caller probes and its success closes the circuit', async () => {
    const c = setup();
    for (let i = 0; i < 3; i++) await c.fail();
    await sleep(400);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const probe = c.breaker.guard(c.key, () => gate.then(() => 'probed'), judgeAmcFailure);
    await sleep(50);
    expect((await c.breaker.read(c.key)).state).toBe('half_open');
    expect(await c.fail()).toBeInstanceOf(CircuitOpenError); // a second caller waits for the probe
    release();
    expect(await probe).toBe('probed');
    expect(await c.breaker.read(c.key)).toMatchObject({ state: 'closed', failures: 0, retryAt: null });
    await expect(c.ok()).resolves.toBeGreaterThan(0);
  });

  test('when the half-open probe fails, then the circuit opens again', async () => {
    const c = setup();
    for (let i = 0; i < 3; i++) await c.fail();
    await sleep(400);
    expect(await c.fail()).toBeInstanceOf(AmcApiError); // the probe ran and failed
    expect((await c.breaker.read(c.key)).state).toBe('open');
    expect(await c.fail()).toBeInstanceOf(CircuitOpenError);
  });

  test('when AMC rejects the request (400/403/404) or a success comes between failures, then nothing opens', async () => {
    const c = setup();
    await c.fail();
    await c.fail();
    await c.fail(new AmcApiError({ kind: 'forbidden', status: 403, details: 'no' })); // AMC answered: healthy
    await c.fail();
    await c.fail();
    await c.ok();
    await c.fail();
    await c.fail(new AmcApiError({ kind: 'bad_request', status: 400, details: 'bad' }));
    await c.fail(new LwaError({ error: 'server_error', description: 'LWA down', status: 500 })); // AMC not reached
    expect(await c.breaker.read(c.key)).toMatchObject({ state: 'closed', failures: 0 });
  });

  test("when 429s burst with a Retry-After longer than the open time, then the circuit stays open for AMC's wait", async () => {
    const c = setup();
    const throttled = () =>
      new AmcApiError({ kind: 'throttled', status: 429, details: 'slow down', retryAfterSeconds: 120 });
    for (let i = 0; i < 3; i++) await c.fail(throttled());
    const view = await c.breaker.read(c.key);
    expect(view.state).toBe('open');
    expect(Date.parse(view.retryAt!) - Date.now()).toBeGreaterThan(60_000);
  });
});

describe('AMC errors as activity failures', () => {
  const amc = (
    kind: ConstructorParameters<typeof AmcApiError>[0]['kind'],
    status?: number,
    retryAfterSeconds?: number,
  ) => toActivityFailure(new AmcApiError({ kind, status, details: 'x', retryAfterSeconds }));

  test('when AMC throttles, then the failure is retryable and waits Retry-After', () => {
    expect(amc('throttled', 429, 7)).toMatchObject({
      type: 'AMC_THROTTLED',
      nonRetryable: false,
      nextRetryDelay: '7 seconds',
    });
  });
  test('when AMC answers 5xx, times out or is unreachable, then the plain error is retried with back-off', () => {
    for (const kind of ['server', 'timeout', 'network'] as const) expect(amc(kind)).toMatchObject({ retryable: true });
  });
  test('when AMC refuses the request or the SQL, then the failure is non-retryable', () => {
    expect(amc('bad_request', 400)).toMatchObject({ type: 'AMC_REQUEST_REJECTED', nonRetryable: true });
    expect(amc('forbidden', 403)).toMatchObject({ type: 'AMC_REQUEST_REJECTED', nonRetryable: true });
    expect(amc('sql_compile', 400)).toMatchObject({ type: 'AMC_SQL_COMPILE_ERROR', nonRetryable: true });
  });
  test('when the circuit is open, then the failure is retryable and waits until the probe', () => {
    const f = toActivityFailure(
      new CircuitOpenError('amcx', new Date(Date.now() + 20_000), 'open'),
    ) as ApplicationFailure;
    expect(f).toMatchObject({ type: 'AMC_CIRCUIT_OPEN', nonRetryable: false });
    expect(Number(f.nextRetryDelay)).toBeGreaterThan(10_000);
  });
});
