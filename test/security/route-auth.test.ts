/**
 * Every route's auth requirement, read from the Express router stack (issue #17): a route is `bearer` (an API
 * access token), `operator` (the codec's operator token) or `public`, and every route that is not `bearer` is
 * declared below on purpose. A new unauthenticated route fails here until it is added (and to SECURITY.md). Then
 * the listing is checked against behaviour: without credentials, every `bearer` and `operator` route answers 401.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../api/app';
import { call } from '../helpers/api-client';
import { listRoutesWithAuth, type RouteAuth } from '../helpers/route-list';
import { startStack, type Stack } from '../helpers/stack';

/** The routes that do not take an API access token, and why. Everything else must. */
const NOT_BEARER: Record<string, { auth: Exclude<RouteAuth, 'bearer'>; why: string }> = {
  'GET /health': { auth: 'public', why: 'liveness probe' },
  'GET /ready': { auth: 'public', why: 'readiness probe; names what is down, nothing more' },
  'GET /metrics': { auth: 'public', why: 'Prometheus scrape; counts and route patterns, no ids' },
  'GET /openapi.json': { auth: 'public', why: 'the API description' },
  'GET /docs': { auth: 'public', why: 'the API description' },
  'GET /api/auth/amazon/login': { auth: 'public', why: 'starts a login (rate-limited per IP)' },
  'GET /api/auth/amazon/callback': { auth: 'public', why: 'finishes a login: state + login cookie + PKCE' },
  'POST /api/auth/refresh': { auth: 'public', why: 'the refresh token is the credential' },
  'POST /codec/decode': { auth: 'operator', why: 'Temporal UI codec: operator token or codec session' },
  'POST /codec/encode': { auth: 'operator', why: 'Temporal UI codec: operator token or codec session' },
  'GET /codec/session': { auth: 'public', why: 'the codec sign-in form' },
  'POST /codec/session': { auth: 'public', why: 'the operator token in the body is the credential' },
  'DELETE /codec/session': { auth: 'public', why: 'ends this browser’s codec session' },
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true, env: { CODEC_AUTH_TOKEN: 'route-auth-operator-token-0123456789' } });
});
afterAll(() => stack?.close());

const routes = () => listRoutesWithAuth(createApp(stack.deps)).filter((r) => r.method !== '_ALL');

test('when the router stack is read, then every route that takes no access token is declared on purpose', () => {
  const listed = routes();
  expect(listed.length).toBeGreaterThan(60);
  const notBearer = Object.fromEntries(
    listed.filter((r) => r.auth !== 'bearer').map((r) => [`${r.method} ${r.path}`, r.auth]),
  );
  const declared = Object.fromEntries(Object.entries(NOT_BEARER).map(([key, d]) => [key, d.auth]));
  expect(notBearer).toEqual(declared);
  // Every route under /api other than the three auth entry points takes a bearer token.
  const apiPublic = listed.filter((r) => r.path.startsWith('/api/') && r.auth !== 'bearer').map((r) => r.path);
  expect(apiPublic.sort()).toEqual(['/api/auth/amazon/callback', '/api/auth/amazon/login', '/api/auth/refresh']);
});

test('when SECURITY.md is read, then it lists every route that takes no access token', () => {
  const doc = fs.readFileSync(path.join(__dirname, '../../SECURITY.md'), 'utf8');
  for (const key of Object.keys(NOT_BEARER)) expect([key, doc.includes(`\`${key}\``)]).toEqual([key, true]);
});

test('when a protected route is called without credentials, then it answers 401 before doing anything', async () => {
  const checked: string[] = [];
  for (const { method, path: route, auth } of routes()) {
    if (auth === 'public') continue;
    const res = await call(stack.apiUrl, method, route.replace(/:[A-Za-z]+/g, randomUUID()), {
      body: method === 'GET' || method === 'DELETE' ? undefined : {},
    });
    checked.push(`${method} ${route}`);
    expect([method, route, res.status]).toEqual([method, route, 401]);
    if (auth === 'bearer') expect(res.headers.get('www-authenticate')).toBe('Bearer realm="recomamp"');
  }
  expect(checked.length).toBeGreaterThan(50);
});
