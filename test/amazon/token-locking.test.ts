/**
 * Token reads do not lock the user's row; only a refresh takes the lock, briefly, and never across the LWA HTTP
 * call (issue 15 #9). Real Postgres and the simulator's real LWA endpoint; the test only holds the LWA request at
 * a gate to look at the row while the refresh is in flight.
 */
import { createLwaClient } from '../../amc/client';
import { createAmazonTokenService } from '../../amazon/tokens';
import { createRepositories } from '../../db';
import { parseKeyring } from '../../lib/token-sealing';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { createGate, type Gate } from '../helpers/gate';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
/** When set, token-endpoint requests wait at this gate. */
let lwaGate: Gate | undefined;
let lwaCalls = 0;

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(() => stack?.close());
afterEach(() => lwaGate?.open());

function tokenService() {
  const { amazon, auth } = stack.config;
  const lwa = createLwaClient({
    ...amazon,
    timeoutMs: 30_000,
    fetchImpl: async (url, init) => {
      lwaCalls += 1;
      await lwaGate?.wait();
      return fetch(url, init);
    },
  });
  return createAmazonTokenService({
    db: stack.db,
    users: createRepositories(stack.db).users,
    lwa,
    keyring: parseKeyring(auth.sealingKeys),
    refreshBufferSeconds: 60,
  });
}

const userId = () => ws.session.user.id;
const expireToken = () =>
  stack
    .db('users')
    .where({ id: userId() })
    .update({ amazon_token_expires_at: new Date(Date.now() - 60_000) });
const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

test('when another transaction holds the user row lock, then reading a fresh token does not wait for it', async () => {
  const tx = await stack.db.transaction();
  try {
    await tx('users').where({ id: userId() }).forUpdate().first();
    const token = await within(3000, tokenService().getAccessToken(userId()));
    expect(token).toMatch(/^Atza\|/);
  } finally {
    await tx.rollback();
  }
});

test('when a token is refreshed, then the user row is not locked during the LWA call and one call serves every waiter', async () => {
  await expireToken();
  const service = tokenService();
  lwaGate = createGate();
  const callsBefore = lwaCalls;
  const readers = Array.from({ length: 5 }, () => service.getAccessToken(userId()));
  await lwaGate.reached;

  // While LWA has not answered, anyone can lock the row (waiting callers take it only for an instant; the old code
  // held it for the whole HTTP call, so this would time out).
  await stack.db.transaction(async (tx) => {
    await tx.raw(`SET LOCAL lock_timeout = '2s'`);
    await tx.raw('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId()]);
  });
  lwaGate.open();
  const tokens = await within(10_000, Promise.all(readers));
  expect(new Set(tokens).size).toBe(1);
  expect(lwaCalls - callsBefore).toBe(1);
  const row = await stack.db('users').where({ id: userId() }).first();
  expect(row.amazon_token_expires_at.getTime()).toBeGreaterThan(Date.now());
  expect(row.amazon_refresh_lease_until).toBeNull();
});
