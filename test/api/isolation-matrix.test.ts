/**
 * Tenancy, route by route: Bob (a real simulator login) aims every /api route and verb at Alice's resources.
 * The route list comes from the Express router stack, so a new route fails here until it has an entry. Then
 * row-level security is proven underneath the routes: as Bob, even an unscoped query sees none of Alice's rows.
 */
import { randomUUID } from 'node:crypto';
import { createApp } from '../../api/app';
import { runAsTenant } from '../../db/tenant-db';
import { call } from '../helpers/api-client';
import { createWorkspace, uniqueSimUser, type Workspace } from '../helpers/fixtures';
import { listRoutes } from '../helpers/route-list';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let alice: Workspace;
let bob: Workspace;
/** Alice's resources, by the route prefix whose `:id` names them. */
const aliceIds: Record<string, string> = {};

beforeAll(async () => {
  // Nothing needs to run: every call must stop at the tenancy check. Webhook hosts resolve from a table, not DNS.
  stack = await startStack({ noWorker: true, hosts: { 'hooks.example.com': ['93.184.215.14'] } });
  [alice, bob] = await Promise.all([
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('alice') }),
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('bob') }),
  ]);
  const token = alice.token;
  const execution = await call(stack.apiUrl, 'POST', `/api/workflows/${alice.savedQuery.id}/execute`, {
    token,
    body: {},
  });
  const schedule = await call(stack.apiUrl, 'POST', `/api/workflows/${alice.savedQuery.id}/schedules`, {
    token,
    body: { cron: '0 6 * * MON', timezone: 'UTC', timeWindow: { lookbackDays: 7 }, paused: true },
  });
  const collection = await call(stack.apiUrl, 'POST', '/api/data-collections', {
    token,
    body: { workflowId: alice.savedQuery.id, startDate: '2026-01-05', endDate: '2026-01-18' },
  });
  expect([execution.status, schedule.status, collection.status]).toEqual([202, 201, 202]);
  // Issue #8's webhooks, when this build has them.
  if (listRoutes(createApp(stack.deps)).some((r) => r.method === 'POST' && r.path === '/api/webhooks/')) {
    const hook = await call(stack.apiUrl, 'POST', '/api/webhooks', {
      token,
      body: { url: 'https://hooks.example.com/alice', events: ['execution.succeeded'] },
    });
    expect(hook.status).toBe(201);
    aliceIds['/api/webhooks'] = hook.body.id;
  }
  Object.assign(aliceIds, {
    '/api/instances': alice.instance.id,
    '/api/workflows': alice.savedQuery.id,
    '/api/executions': execution.body.executionId,
    '/api/schedules': schedule.body.id,
    '/api/data-collections': collection.body.id,
  });
});
afterAll(async () => {
  for (const id of [aliceIds['/api/data-collections']]) {
    await stack.temporal.workflow
      .getHandle(`data-collection/${id}`)
      .terminate()
      .catch(() => undefined);
  }
  await stack.temporal.workflow
    .getHandle(`amc-execution/${aliceIds['/api/executions']}`)
    .terminate()
    .catch(() => undefined);
  await stack?.close();
});

type Expect = 404 | 400 | 'own-list' | 'shared';
/** Routes without a tenant `:id`: what Bob gets, and the body or query that names Alice's resource. */
const NO_ID_ROUTES: Record<string, { expect: Expect; path?: () => string; body?: () => unknown }> = {
  'GET /api/instances/discover': { expect: 'own-list' },
  'GET /api/instances/': { expect: 'own-list' },
  'POST /api/instances/': { expect: 'shared' }, // creates Bob's own; the same AMC id for Alice stays hers (tested below)
  'GET /api/workflows/': { expect: 'own-list' },
  'POST /api/workflows/': {
    expect: 400,
    body: () => ({
      name: 'x',
      instanceId: alice.instance.id,
      sqlQuery: 'SELECT SUM(impressions) FROM dsp_impressions',
    }),
  },
  'POST /api/workflows/check': {
    expect: 400,
    body: () => ({ sqlQuery: 'SELECT SUM(impressions) AS i FROM dsp_impressions', instanceId: alice.instance.id }),
  },
  'GET /api/schedules/': { expect: 'own-list', path: () => `/api/schedules?workflowId=${alice.savedQuery.id}` },
  'GET /api/executions/': { expect: 'own-list', path: () => `/api/executions?workflowId=${alice.savedQuery.id}` },
  'GET /api/data-collections/': { expect: 'own-list' },
  'POST /api/data-collections/': {
    expect: 400,
    body: () => ({ workflowId: alice.savedQuery.id, startDate: '2026-01-05', endDate: '2026-01-18' }),
  },
  'GET /api/webhooks/': { expect: 'own-list' },
  'POST /api/webhooks/': { expect: 'shared' }, // creates Bob's own
  // Delivery ids are UUIDs nobody can guess; an unknown one must be a 404 like a foreign one.
  'POST /api/webhooks/deliveries/:deliveryId/replay': {
    expect: 404,
    path: () => `/api/webhooks/deliveries/${randomUUID()}/replay`,
  },
  'POST /api/query-templates/:id/create-workflow': {
    expect: 400,
    path: () => '/api/query-templates/dsp-reach-frequency-by-campaign/create-workflow',
    body: () => ({ instanceId: alice.instance.id }),
  },
};
/** The shared catalog: the same for everyone. */
const SHARED_PREFIXES = ['/api/query-templates', '/api/data-sources', '/api/build-guides'];

/** Bodies that pass validation where a route reads one, so a 404 cannot come from a 400 first. */
const BODIES: Record<string, unknown> = {
  'PUT /api/instances/:id': { instanceId: 'amcforeign1', name: 'x', account: { accountId: 'ENTITYFOREIGN' } },
  'PUT /api/workflows/:id': { name: 'x', instanceId: randomUUID(), sqlQuery: 'SELECT 1' },
  'POST /api/workflows/:id/schedules': { cron: '0 6 * * MON', timezone: 'UTC', timeWindow: { lookbackDays: 7 } },
  'PATCH /api/schedules/:id': { paused: false },
  'PATCH /api/webhooks/:id': { active: false },
  'POST /api/schedules/:id/backfill': { start: '2026-01-01T00:00:00Z', end: '2026-01-08T00:00:00Z' },
};

describe('isolation matrix', () => {
  test("when Bob calls every /api route and verb on Alice's resources, then each is a 404 (or 400 for a body naming hers)", async () => {
    const routes = listRoutes(createApp(stack.deps)).filter(
      (r) => r.path.startsWith('/api/') && !r.path.startsWith('/api/auth/'),
    );
    expect(routes.length).toBeGreaterThan(40);
    const outcomes: string[] = [];
    for (const { method, path } of routes) {
      const key = `${method} ${path}`;
      const prefix = Object.keys(aliceIds).find((p) => path.startsWith(`${p}/:id`));
      const fixed = NO_ID_ROUTES[key];
      if (prefix) {
        const res = await call(stack.apiUrl, method, path.replace(':id', aliceIds[prefix]!), {
          token: bob.token,
          body: method === 'GET' ? undefined : (BODIES[key] ?? {}),
        });
        outcomes.push(`${key} → ${res.status} ${res.body?.error?.code ?? ''}`.trim());
        expect([key, res.status, res.body?.error?.code]).toEqual([key, 404, 'NOT_FOUND']);
      } else if (fixed) {
        if (fixed.expect === 'shared') continue;
        const res = await call(stack.apiUrl, method, fixed.path?.() ?? path, {
          token: bob.token,
          body: fixed.body?.(),
        });
        outcomes.push(`${key} → ${res.status}`);
        if (fixed.expect === 400)
          expect([key, res.status, res.body.error.code]).toEqual([key, 400, 'VALIDATION_ERROR']);
        else if (fixed.expect === 404) expect([key, res.status]).toEqual([key, 404]);
        else {
          expect([key, res.status]).toEqual([key, 200]);
          const seen = JSON.stringify(res.body);
          for (const id of Object.values(aliceIds)) expect([key, seen.includes(id)]).toEqual([key, false]);
          expect([key, seen.includes(alice.instance.instanceId)]).toEqual([key, false]);
        }
      } else if (!SHARED_PREFIXES.some((p) => path.startsWith(p))) {
        throw new Error(`${key} has no entry in the isolation matrix: add one (test/api/isolation-matrix.test.ts)`);
      }
    }
    expect(outcomes.length).toBeGreaterThan(35);
  });

  test("when Bob has tried everything, then Alice's resources are all still there and unchanged", async () => {
    for (const [prefix, id] of Object.entries(aliceIds)) {
      const res = await call(stack.apiUrl, 'GET', `${prefix}/${id}`, { token: alice.token });
      expect([prefix, res.status]).toEqual([prefix, 200]);
    }
    const schedule = await call(stack.apiUrl, 'GET', `/api/schedules/${aliceIds['/api/schedules']}`, {
      token: alice.token,
    });
    expect(schedule.body.paused).toBe(true);
    expect(
      (await call(stack.apiUrl, 'GET', `/api/workflows/${alice.savedQuery.id}`, { token: alice.token })).body.name,
    ).toBe(alice.savedQuery.name);
  });
});

describe('row-level security', () => {
  const tenantDb = () => stack.deps.repos.db;
  const aliceId = () => alice.session.user.id;
  const bobId = () => bob.session.user.id;

  test("when a query as Bob forgets its user filter, then Postgres still returns none of Alice's rows", async () => {
    await runAsTenant(bobId(), async () => {
      for (const table of [
        'users',
        'amc_accounts',
        'amc_instances',
        'saved_queries',
        'executions',
        'schedules',
        'data_collections',
      ]) {
        const rows = await tenantDb()(table).select('*');
        const owners = new Set(
          rows.map((r: { user_id?: string; id: string }) => (table === 'users' ? r.id : r.user_id)),
        );
        expect([table, [...owners].filter((o) => o !== bobId())]).toEqual([table, []]);
        expect(
          await stack
            .db(table)
            .where(table === 'users' ? { id: aliceId() } : { user_id: aliceId() })
            .first(),
        ).toBeDefined();
      }
      expect(await tenantDb()('executions').where({ id: aliceIds['/api/executions'] }).first()).toBeUndefined();
      expect(await tenantDb()('collection_weeks').where({ collection_id: aliceIds['/api/data-collections'] })).toEqual(
        [],
      );
      expect(await tenantDb()('execution_status_events').where({ execution_id: aliceIds['/api/executions'] })).toEqual(
        [],
      );
      expect(await tenantDb()('schedule_pauses').where({ schedule_id: aliceIds['/api/schedules'] })).toEqual([]);
    });
    // The owner connection (system context) sees them: the rows exist.
    expect(await stack.db('collection_weeks').where({ collection_id: aliceIds['/api/data-collections'] })).toHaveLength(
      2,
    );
  });

  test("when Bob's context writes a row for Alice or changes hers, then Postgres refuses or changes nothing", async () => {
    await runAsTenant(bobId(), async () => {
      await expect(
        tenantDb()('saved_queries').insert({
          user_id: aliceId(),
          instance_id: alice.instance.id,
          name: 'planted',
          sql_query: 'SELECT 1',
        }),
      ).rejects.toThrow(/row-level security/);
      expect(await tenantDb()('saved_queries').where({ id: alice.savedQuery.id }).update({ name: 'hijacked' })).toBe(0);
      expect(await tenantDb()('saved_queries').where({ id: alice.savedQuery.id }).delete()).toBe(0);
    });
  });

  test('when no user is set (an unauthenticated request), then no tenant row is visible and auth tables are closed', async () => {
    await runAsTenant(null, async () => {
      expect(await tenantDb()('saved_queries').select('id')).toEqual([]);
      expect(await tenantDb()('users').select('id')).toEqual([]);
      await expect(tenantDb()('refresh_tokens').select('id')).rejects.toThrow(/permission denied/);
      await expect(tenantDb()('oauth_states').select('state')).rejects.toThrow(/permission denied/);
    });
  });
});
