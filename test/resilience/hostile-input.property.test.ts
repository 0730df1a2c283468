/**
 * Hostile input at every endpoint: routes are read from the Express app's own router stack (a new route is
 * covered without touching this file) and driven with fast-check: malformed and oversized bodies, wrong types,
 * unicode (lone surrogates, RTL, NUL), SQL and path injection, in bodies, path params and query strings, signed in
 * and not. Never a 5xx; every 4xx has the contract's `{ error: { code, message } }` shape.
 */
import fc from 'fast-check';
import type express from 'express';
import { createApp } from '../../api/app';
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
let routes: { method: string; path: string }[];

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: string;
}

/** Every (method, path) the app serves, from express 5's router layers (mount paths are `rawPath`). */
function listRoutes(app: express.Express): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods))
          out.push({ method: m.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return out;
}

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  ws = await createWorkspace(stack.apiUrl);
  routes = listRoutes(createApp(stack.deps)).filter((r) => r.method !== '_ALL');
}, 60_000);
afterAll(() => stack?.close());

const KEYS = [
  'name',
  'description',
  'instanceId',
  'sqlQuery',
  'parameters',
  'tags',
  'account',
  'accountId',
  'marketplaceId',
  'region',
  'timeWindowStart',
  'timeWindowEnd',
  'idempotencyKey',
  'cron',
  'timezone',
  'timeWindow',
  'lookbackDays',
  'lagDays',
  'overlap',
  'paused',
  'note',
  'start',
  'end',
  'workflowId',
  'startDate',
  'endDate',
  'granularity',
  'concurrency',
  'refreshToken',
  'type',
  'default',
  'required',
  'url',
  'events',
  'secret',
  'payloads',
  'metadata',
  'data',
];
const QUERY_KEYS = [
  'limit',
  'cursor',
  'status',
  'workflowId',
  'instanceId',
  'format',
  'offset',
  'search',
  'q',
  'ids',
  'category',
  'code',
  'state',
];

const HOSTILE = [
  "'; DROP TABLE users; --",
  '1 OR 1=1',
  '../../etc/passwd',
  '..%2F..%2F',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u202eevil',
  '\u200f\u061f',
  '𝕳𝖊𝖑𝖑𝖔',
  '{{name}}',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'NaN',
  '-1',
  '1e309',
  '9999999999999999999999',
  '2026-13-45',
  '0000-00-00T00:00:00',
  'Infinity',
  '',
  ' ',
  'null',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'ENTITY',
  'amc12345',
  'x'.repeat(5000),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 30 }),
);
const scalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt().map(String),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 4 }),
  ),
})).v;
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }).map((b) => ({ json: b })),
  value.map((b) => ({ json: b })),
  fc
    .constantFrom('{', '{"a":', 'nul', '[1,2', '"\\ud800"', '{"a":"\\u0000"}', '\u0000', '{"__proto__":{"x":1}}')
    .map((raw) => ({ raw })),
  fc.constant({ raw: JSON.stringify({ name: 'x'.repeat(300 * 1024) }) }), // just over the 256 kB body limit
  fc.constant({}),
);

describe('hostile input', () => {
  test('the router stack lists the API routes', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toEqual(expect.arrayContaining([{ method: 'POST', path: '/api/workflows/:id/execute' }]));
  });

  test('when any endpoint gets hostile input, then it never answers 5xx and errors have the contract shape', async () => {
    const ids = () => [ws.instance.id, ws.savedQuery.id];
    // Path segments as sent on the wire: encoded strings, plus raw broken escapes (invalid UTF-8, bare %).
    const encode = (v: string) => encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));
    const param = fc.oneof(
      fc.constantFrom('__real__'),
      fc.uuid(),
      hostileString.map(encode),
      fc.constantFrom('%ED%A0%80', '%', '%zz', '..%2F..%2Fhealth', '%00', '%E2%80%AE'),
    );
    const request = fc.record({
      route: fc.constantFrom(...routes),
      param,
      body,
      query: fc.dictionary(fc.constantFrom(...QUERY_KEYS), hostileString, { maxKeys: 3 }),
      auth: fc.constantFrom('valid', 'valid', 'none', 'garbage'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let path = r.route.path.replace(/:(\w+)/g, () => {
          if (r.param !== '__real__' || r.route.method === 'DELETE')
            return r.param === '__real__' ? 'x' : r.param || 'x';
          return ids()[Math.floor(Math.random() * 2)]!;
        });
        const qs = new URLSearchParams(r.query).toString();
        if (qs) path += `?${qs}`;
        const token = r.auth === 'valid' ? ws.token : r.auth === 'garbage' ? 'not.a.jwt' : undefined;
        const hasBody = !['GET', 'HEAD', 'DELETE'].includes(r.route.method);
        const opts = {
          token,
          ...(hasBody && 'json' in r.body && { body: r.body.json }),
          ...(hasBody && 'raw' in r.body && { rawBody: r.body.raw }),
        };
        const res = await call(stack.apiUrl, r.route.method, path, opts);
        const where = `${r.route.method} ${path.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
        if (res.status >= 500) throw new Error(`5xx: ${where}`);
        if ((res.status >= 400 && res.status !== 404) || (res.status === 404 && typeof res.body === 'object')) {
          expect({ where, body: res.body }).toEqual({
            where,
            body: {
              error: expect.objectContaining({
                code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
                message: expect.any(String),
              }),
            },
          });
        }
      }),
      { numRuns: 1500, seed: Number(process.env.FC_SEED ?? Date.now() % 100000), verbose: 1 },
    );
  }, 180_000);
});
