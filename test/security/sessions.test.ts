/**
 * API sessions end where they should (issue #17): logout stops the access token at once (not when it expires), a
 * replayed refresh token stops its family's access tokens too, and a 401 says why: TOKEN_EXPIRED (refresh and
 * retry) apart from TOKEN_INVALID (forged or malformed) and TOKEN_REVOKED, with an RFC 6750 WWW-Authenticate.
 */
import { SignJWT } from 'jose';
import { call, login, type Session } from '../helpers/api-client';
import { uniqueSimUser } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true });
});
afterAll(() => stack?.close());

const expect401 = (res: { status: number; body: any; headers: Headers }, code: string, error?: string) => {
  expect([res.status, res.body?.error?.code]).toEqual([401, code]);
  expect(res.body.error.message).toEqual(expect.any(String));
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="recomamp"/);
  if (error) expect(challenge).toContain(`error="${error}"`);
  else expect(challenge).not.toContain('error=');
};

/** A token signed with the API's own key, with the claims given (a session id taken from a real token). */
async function signed(session: Session, claims: { exp?: number; aud?: string; sid?: string | null }) {
  const real = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()) as { sid?: string };
  const { auth } = stack.config;
  const jwt = new SignJWT(claims.sid === null ? {} : { sid: claims.sid ?? real.sid })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(session.user.id)
    .setIssuer(auth.jwtIssuer)
    .setAudience(claims.aud ?? auth.jwtAudience)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(new TextEncoder().encode(auth.jwtSecret));
}

describe('401s say why', () => {
  let session: Session;
  beforeAll(async () => {
    session = await login(stack.apiUrl, uniqueSimUser('sess'));
  });

  test('when no token is sent, then 401 UNAUTHORIZED with a bare Bearer challenge', async () => {
    expect401(await call(stack.apiUrl, 'GET', '/api/workflows'), 'UNAUTHORIZED');
  });

  test('when the token has expired, then 401 TOKEN_EXPIRED (the client should refresh)', async () => {
    const expired = await signed(session, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect401(await call(stack.apiUrl, 'GET', '/api/workflows', { token: expired }), 'TOKEN_EXPIRED', 'invalid_token');
  });

  test('when the token is forged or malformed, then 401 TOKEN_INVALID', async () => {
    const [h, , s] = session.accessToken.split('.');
    const otherSub = Buffer.from(JSON.stringify({ sub: 'someone-else' })).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${session.accessToken.split('.')[1]}.`;
    for (const token of [
      `${h}.${otherSub}.${s}`, // payload swapped under the old signature
      'not-a-jwt',
      none,
      await signed(session, { aud: 'someone-else' }),
      await signed(session, { sid: null }), // no session: issued by nobody we know
    ]) {
      expect401(await call(stack.apiUrl, 'GET', '/api/workflows', { token }), 'TOKEN_INVALID', 'invalid_token');
    }
  });

  test('when the token is valid, then the request goes through', async () => {
    expect((await call(stack.apiUrl, 'GET', '/api/workflows', { token: session.accessToken })).status).toBe(200);
  });
});

describe('logout', () => {
  test('when a user logs out, then that access token stops working at once, and their other sessions do not', async () => {
    const user = uniqueSimUser('logout');
    const [here, elsewhere] = [await login(stack.apiUrl, user), await login(stack.apiUrl, user)];
    expect((await call(stack.apiUrl, 'GET', '/api/auth/user', { token: here.accessToken })).status).toBe(200);
    const out = await call(stack.apiUrl, 'POST', '/api/auth/logout', { token: here.accessToken, body: {} });
    expect(out.status).toBe(204);
    for (const path of ['/api/auth/user', '/api/workflows', '/api/executions']) {
      expect401(await call(stack.apiUrl, 'GET', path, { token: here.accessToken }), 'TOKEN_REVOKED', 'invalid_token');
    }
    // Its refresh token went with it, even though the logout did not name it.
    const refreshed = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: here.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    expect((await call(stack.apiUrl, 'GET', '/api/workflows', { token: elsewhere.accessToken })).status).toBe(200);
  });

  test('when a used refresh token is replayed, then every access token of its session stops working', async () => {
    const session = await login(stack.apiUrl, uniqueSimUser('replay'));
    const rotated = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(rotated.status).toBe(200);
    expect((await call(stack.apiUrl, 'GET', '/api/workflows', { token: rotated.body.accessToken })).status).toBe(200);
    const replayed = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    });
    expect(replayed.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    for (const token of [session.accessToken, rotated.body.accessToken]) {
      expect401(await call(stack.apiUrl, 'GET', '/api/workflows', { token }), 'TOKEN_REVOKED', 'invalid_token');
    }
  });
});
