/**
 * Rate limits hold across API processes (issue #17): two API instances, each with its own Postgres pools (as two
 * processes have), share one per-user limit through Postgres, so a client alternating between them gets no more
 * than the limit in a window.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { buildApiDeps } from '../../api/build-deps';
import { createDb } from '../../db';
import { call, login } from '../helpers/api-client';
import { uniqueSimUser } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

const LIMIT = 6;
let stack: Stack;
let second: { url: string; close(): Promise<void> };

beforeAll(async () => {
  stack = await startStack({ noWorker: true, env: { RATE_LIMIT_PER_USER: String(LIMIT) } });
  // Another API instance: its own owner pool and tenant pool, the same settings (its rate-limit namespace too).
  const db = createDb(stack.config.db.url!, 2);
  const deps = buildApiDeps(stack.config, db, stack.temporal, stack.deps.settings);
  const server = http.createServer(createApp(deps));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  second = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await deps.observability.events.close();
      await db.destroy();
      await deps.repos.db.destroy();
    },
  };
});
afterAll(async () => {
  await second?.close();
  await stack?.close();
});

test('when a user alternates between two API instances, then they share one limit', async () => {
  const session = await login(stack.apiUrl, uniqueSimUser('limits'));
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 2; i++) {
    const base = i % 2 === 0 ? stack.apiUrl : second.url;
    const res = await call(base, 'GET', '/api/workflows', { token: session.accessToken });
    statuses.push(res.status);
    if (res.status === 429) {
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }
  expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429, 429]);
  // Another user is not affected, on either instance.
  const other = await login(second.url, uniqueSimUser('limits-other'));
  expect((await call(stack.apiUrl, 'GET', '/api/workflows', { token: other.accessToken })).status).toBe(200);
});
