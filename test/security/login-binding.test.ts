/**
 * Login CSRF and code injection (issue #17): `GET /api/auth/amazon/login` binds its `state` to the client that
 * asked, with an HttpOnly SameSite=Lax cookie that browsers send back to the callback; a callback without that
 * cookie, or with another client's, is refused and leaves the state usable by its own client; a state is single
 * use. Between the API and Login with Amazon the code is bound by PKCE (S256; the verifier stays on the server),
 * which the simulator checks like LWA, so a code minted for another login cannot complete this one. Every response
 * that carries a token says `Cache-Control: no-store`.
 */
import { call, type ApiResponse } from '../helpers/api-client';
import { uniqueSimUser } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true });
});
afterAll(() => stack?.close());

interface Started {
  res: ApiResponse;
  cookie: string;
  setCookie: string;
  authorizationUrl: URL;
}

/** Starts a login as one client: the cookie it was given (name=value) and the authorization URL. */
async function startLogin(cookie?: string): Promise<Started> {
  const res = await call(stack.apiUrl, 'GET', '/api/auth/amazon/login', {
    headers: cookie ? { cookie } : {},
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('recomamp_login=')) ?? '';
  return { res, cookie: setCookie.split(';')[0]!, setCookie, authorizationUrl: new URL(res.body.authorizationUrl) };
}

/** The simulator approves at once: the callback path (with code and state) it redirects the browser to. */
async function approve(authorizationUrl: URL, simUser = uniqueSimUser('bind')): Promise<URL> {
  const url = new URL(authorizationUrl);
  url.searchParams.set('sim_user', simUser);
  const approved = await fetch(url, { redirect: 'manual' });
  expect(approved.status).toBe(302);
  return new URL(approved.headers.get('location')!);
}

const callback = (location: URL, cookie?: string) =>
  call(stack.apiUrl, 'GET', `${location.pathname}${location.search}`, { headers: cookie ? { cookie } : {} });

test('when a login starts, then it sets an HttpOnly SameSite=Lax cookie for the callback and sends LWA a PKCE S256 challenge', async () => {
  const started = await startLogin();
  expect(started.setCookie).toMatch(/^recomamp_login=[A-Za-z0-9_-]{43};/);
  expect(started.setCookie).toMatch(/; HttpOnly/i);
  expect(started.setCookie).toMatch(/; SameSite=Lax/i);
  expect(started.setCookie).toMatch(/; Path=\/api\/auth\/amazon(;|$)/);
  expect(started.setCookie).toMatch(/; Max-Age=\d+/);
  expect(started.res.headers.get('cache-control')).toBe('no-store');
  const q = started.authorizationUrl.searchParams;
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(started.res.body.state).toBe(q.get('state'));
  expect(JSON.stringify(started.res.body)).not.toContain(started.cookie.split('=')[1]);
});

test('when the callback comes without the login cookie, then it is refused and the state stays usable by its client', async () => {
  const started = await startLogin();
  const location = await approve(started.authorizationUrl);
  const unbound = await callback(location);
  expect([unbound.status, unbound.body.error.code]).toEqual([400, 'OAUTH_STATE_NOT_BOUND']);
  // Its own client, with the cookie, still signs in (with a fresh code: the refused attempt never spent one).
  const done = await callback(await approve(started.authorizationUrl), started.cookie);
  expect(done.status).toBe(200);
});

test('when a state is replayed from another client, then it is refused; from its own client it works once', async () => {
  const victim = await startLogin();
  const attacker = await startLogin();
  expect(attacker.cookie).not.toBe(victim.cookie);
  const location = await approve(victim.authorizationUrl);
  const replayed = await callback(location, attacker.cookie);
  expect([replayed.status, replayed.body.error.code]).toEqual([400, 'OAUTH_STATE_NOT_BOUND']);
  const done = await callback(location, victim.cookie);
  expect(done.status).toBe(200);
  expect(done.body.accessToken).toEqual(expect.any(String));
  expect(done.headers.get('cache-control')).toBe('no-store');
  const again = await callback(location, victim.cookie);
  expect([again.status, again.body.error.code]).toEqual([400, 'INVALID_OAUTH_STATE']);
});

test('when one client starts two logins, then both complete (the cookie is reused, not replaced)', async () => {
  const first = await startLogin();
  const second = await startLogin(first.cookie);
  expect(second.setCookie.split(';')[0]).toBe(first.cookie);
  expect((await callback(await approve(second.authorizationUrl), first.cookie)).status).toBe(200);
  expect((await callback(await approve(first.authorizationUrl), first.cookie)).status).toBe(200);
});

test("when another login's code is injected into this login's callback, then PKCE makes LWA refuse it", async () => {
  const mine = await startLogin();
  const theirs = await startLogin();
  const theirCode = (await approve(theirs.authorizationUrl)).searchParams.get('code')!;
  const myLocation = await approve(mine.authorizationUrl);
  myLocation.searchParams.set('code', theirCode);
  const injected = await callback(myLocation, mine.cookie);
  expect([injected.status, injected.body.error.code]).toEqual([400, 'AMAZON_AUTH_FAILED']);
  expect(injected.body.error.details).toEqual({ lwaError: 'invalid_grant' });
});

test('when tokens are refreshed, then the response is not cacheable', async () => {
  const started = await startLogin();
  const session = await callback(await approve(started.authorizationUrl), started.cookie);
  const refreshed = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
    body: { refreshToken: session.body.refreshToken },
  });
  expect(refreshed.status).toBe(200);
  expect(refreshed.headers.get('cache-control')).toBe('no-store');
});
