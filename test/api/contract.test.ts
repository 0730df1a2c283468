/** The REST contract at the edge: auth, the error shape, validation and tenancy (no worker needed). */
import { SignJWT } from 'jose';
import { call, login, loginCookieOf } from '../helpers/api-client';
import { createWorkspace, uniqueSimUser, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let alice: Workspace;
let bob: Workspace;

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  [alice, bob] = await Promise.all([
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('alice') }),
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('bob') }),
  ]);
});
afterAll(() => stack?.close());

const expectError = (res: { status: number; body: any }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
};

describe('health', () => {
  test('when Postgres and Temporal answer, then /health and /ready are 200', async () => {
    expect((await call(stack.apiUrl, 'GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await call(stack.apiUrl, 'GET', '/ready')).status).toBe(200);
  });
});

describe('authentication', () => {
  test('when no token is sent, then 401 UNAUTHORIZED', async () => {
    expectError(await call(stack.apiUrl, 'GET', '/api/workflows'), 401, 'UNAUTHORIZED');
  });

  test('when the token is tampered, expired or for another audience, then 401 saying which (issue #17)', async () => {
    const [h, p, s] = alice.token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ sub: bob.session.user.id })).toString('base64url')}.${s}`;
    expectError(await call(stack.apiUrl, 'GET', '/api/workflows', { token: tampered }), 401, 'TOKEN_INVALID');
    expect(p).toBeDefined();

    const key = new TextEncoder().encode(stack.config.auth.jwtSecret);
    const sign = (aud: string, exp: number) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(alice.session.user.id)
        .setIssuer(stack.config.auth.jwtIssuer)
        .setAudience(aud)
        .setExpirationTime(exp)
        .sign(key);
    const expired = await sign(stack.config.auth.jwtAudience, Math.floor(Date.now() / 1000) - 60);
    const wrongAudience = await sign('someone-else', Math.floor(Date.now() / 1000) + 600);
    expectError(await call(stack.apiUrl, 'GET', '/api/workflows', { token: expired }), 401, 'TOKEN_EXPIRED');
    expectError(await call(stack.apiUrl, 'GET', '/api/workflows', { token: wrongAudience }), 401, 'TOKEN_INVALID');
  });

  test('when a refresh token is rotated and the old one replayed, then the whole family is revoked', async () => {
    const session = await login(stack.apiUrl, uniqueSimUser('carol'));
    const rotated = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(session.refreshToken);
    expectError(
      await call(stack.apiUrl, 'POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } }),
      401,
      'REFRESH_TOKEN_REUSED',
    );
    // The legitimately rotated token died with its family.
    const afterReuse = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: rotated.body.refreshToken },
    });
    expect(afterReuse.status).toBe(401);
  });

  test('when the OAuth state is replayed, then the callback refuses it', async () => {
    const start = await call(stack.apiUrl, 'GET', '/api/auth/amazon/login');
    const headers = { cookie: loginCookieOf(start) }; // the client that started the login (issue #17)
    const approved = await fetch(start.body.authorizationUrl, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    const path = `${callback.pathname}${callback.search}`;
    expect((await call(stack.apiUrl, 'GET', path, { headers })).status).toBe(200);
    expectError(await call(stack.apiUrl, 'GET', path, { headers }), 400, 'INVALID_OAUTH_STATE');
    expectError(
      await call(stack.apiUrl, 'GET', '/api/auth/amazon/callback?code=x&state=forged'),
      400,
      'INVALID_OAUTH_STATE',
    );
  });

  test('when the user asks who they are, then Amazon is connected and no token is shown', async () => {
    const me = await call(stack.apiUrl, 'GET', '/api/auth/user', { token: alice.token });
    expect(me.body).toMatchObject({ id: alice.session.user.id, amazonConnected: true });
    expect(new Date(me.body.amazonTokenExpiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(JSON.stringify(me.body)).not.toMatch(/Atz[ar]\|/);
  });

  test('when Amazon tokens are stored, then the database holds them only sealed', async () => {
    // This file's users only: the database is shared, and other files revoke consent on purpose (tokens cleared).
    const rows = await stack
      .db('users')
      .whereIn('id', [alice.session.user.id, bob.session.user.id])
      .select('amazon_access_token_sealed', 'amazon_refresh_token_sealed');
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.amazon_access_token_sealed).toMatch(/^v1:/);
      expect(JSON.stringify(row)).not.toMatch(/Atz[ar]\|/);
    }
  });
});

describe('validation', () => {
  test('when a saved query body is invalid, then 400 VALIDATION_ERROR lists the paths', async () => {
    const res = await call(stack.apiUrl, 'POST', '/api/workflows', {
      token: alice.token,
      body: { name: '', sqlQuery: 42 },
    });
    expectError(res, 400, 'VALIDATION_ERROR');
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.sqlQuery', 'body.instanceId']));
  });

  test('when a placeholder is undeclared, then 400 names it', async () => {
    const res = await call(stack.apiUrl, 'POST', '/api/workflows', {
      token: alice.token,
      body: {
        name: 'q',
        instanceId: alice.instance.id,
        sqlQuery: 'SELECT SUM(impressions) FROM dsp_impressions WHERE x = {{ghost}}',
      },
    });
    expectError(res, 400, 'UNDECLARED_PARAMETER');
    expect(res.body.error.details.parameter).toBe('ghost');
  });

  test('when an execute request has a bad parameter or window, then 400', async () => {
    const path = `/api/workflows/${alice.savedQuery.id}/execute`;
    expectError(
      await call(stack.apiUrl, 'POST', path, { token: alice.token, body: { parameters: { min_impressions: 'lots' } } }),
      400,
      'INVALID_PARAMETER',
    );
    expectError(
      await call(stack.apiUrl, 'POST', path, {
        token: alice.token,
        body: { timeWindowStart: '2026-02-10', timeWindowEnd: '2026-02-01' },
      }),
      400,
      'VALIDATION_ERROR',
    );
  });

  test('when the body is not JSON or a list limit is out of range, then 400', async () => {
    expectError(
      await call(stack.apiUrl, 'POST', '/api/workflows', { token: alice.token, rawBody: '{"name":' }),
      400,
      'INVALID_JSON',
    );
    expectError(
      await call(stack.apiUrl, 'GET', '/api/executions?limit=5000', { token: alice.token }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await call(stack.apiUrl, 'GET', '/api/executions?cursor=garbage', { token: alice.token }),
      400,
      'VALIDATION_ERROR',
    );
  });

  test('when an instance id is registered twice, then 409', async () => {
    const res = await call(stack.apiUrl, 'POST', '/api/instances', {
      token: alice.token,
      body: {
        instanceId: alice.instance.instanceId,
        name: 'again',
        account: { accountId: alice.instance.account.accountId },
      },
    });
    expectError(res, 409, 'INSTANCE_EXISTS');
  });
});

describe('tenancy', () => {
  test("when a user touches another user's resources, then every route answers 404", async () => {
    const token = bob.token;
    const cases: Array<[string, string, unknown?]> = [
      ['GET', `/api/instances/${alice.instance.id}`],
      [
        'PUT',
        `/api/instances/${alice.instance.id}`,
        { instanceId: 'amcx1', name: 'x', account: { accountId: 'ENTITYX' } },
      ],
      ['POST', `/api/instances/${alice.instance.id}/validate`],
      ['DELETE', `/api/instances/${alice.instance.id}`],
      ['GET', `/api/workflows/${alice.savedQuery.id}`],
      [
        'PUT',
        `/api/workflows/${alice.savedQuery.id}`,
        { name: 'x', instanceId: bob.instance.id, sqlQuery: 'SELECT 1' },
      ],
      ['POST', `/api/workflows/${alice.savedQuery.id}/execute`, {}],
      ['DELETE', `/api/workflows/${alice.savedQuery.id}`],
      ['GET', '/api/instances/not-a-uuid'],
    ];
    for (const [method, path, body] of cases) {
      const res = await call(stack.apiUrl, method, path, { token, body });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const listed = await call(stack.apiUrl, 'GET', '/api/workflows', { token });
    expect(listed.body.items.map((w: { id: string }) => w.id)).not.toContain(alice.savedQuery.id);
  });

  test("when a saved query names another user's instance, then it is refused", async () => {
    const res = await call(stack.apiUrl, 'POST', '/api/workflows', {
      token: bob.token,
      body: { name: 'sneaky', instanceId: alice.instance.id, sqlQuery: 'SELECT SUM(impressions) FROM dsp_impressions' },
    });
    expectError(res, 400, 'VALIDATION_ERROR');
  });

  test('when discover runs, then each user sees only their own AMC instances', async () => {
    const a = await call(stack.apiUrl, 'GET', '/api/instances/discover', { token: alice.token });
    const b = await call(stack.apiUrl, 'GET', '/api/instances/discover', { token: bob.token });
    const ids = (r: typeof a) => r.body.items.map((i: { instanceId: string }) => i.instanceId);
    expect(ids(a)).toHaveLength(1);
    expect(ids(a)).not.toEqual(ids(b));
    expect(a.body.items[0].importedId).toBe(alice.instance.id);
  });

  test('when an instance is validated, then a live AMC call reports its latency', async () => {
    const res = await call(stack.apiUrl, 'POST', `/api/instances/${alice.instance.id}/validate`, {
      token: alice.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, latencyMs: expect.any(Number) });
  });
});
