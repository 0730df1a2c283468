/** HTTP hardening at the edge: security headers, the CORS allow-list, body size, rate limits, logout. */
import { call, login } from '../helpers/api-client';
import { uniqueSimUser } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';
import { loadConfig, ConfigError } from '../../config';

let stack: Stack;
const ALLOWED = 'https://app.example.com';

beforeAll(async () => {
  stack = await startStack({
    noWorker: true,
    env: {
      CORS_ORIGINS: `${ALLOWED}, https://admin.example.com`,
      JSON_BODY_LIMIT: '1kb',
      RATE_LIMIT_AUTH_PER_IP: '8',
      RATE_LIMIT_PER_USER: '5',
    },
  });
});
afterAll(() => stack?.close());

test('when any response goes out, then it carries the security headers and no x-powered-by', async () => {
  const res = await call(stack.apiUrl, 'GET', '/health');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('x-powered-by')).toBeNull();
});

test('when a browser origin calls, then only allow-listed origins get CORS headers', async () => {
  const preflight = await fetch(`${stack.apiUrl}/api/workflows`, {
    method: 'OPTIONS',
    headers: {
      origin: ALLOWED,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  const foreign = await call(stack.apiUrl, 'GET', '/health', { headers: { origin: 'https://evil.example.com' } });
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
});

describe('limits', () => {
  let session: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    session = await login(stack.apiUrl, uniqueSimUser('limits')); // 2 auth calls
  });

  test('when a body is over JSON_BODY_LIMIT, then 413 PAYLOAD_TOO_LARGE in the error shape', async () => {
    const res = await call(stack.apiUrl, 'POST', '/api/auth/refresh', { body: { refreshToken: 'x'.repeat(2000) } }); // refused before the limiter counts it
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
  });

  test('when one user exceeds their limit, then 429 RATE_LIMITED with Retry-After, and other users are unaffected', async () => {
    for (let i = 0; i < 5; i++)
      expect((await call(stack.apiUrl, 'GET', '/api/workflows', { token: session.accessToken })).status).toBe(200);
    const limited = await call(stack.apiUrl, 'GET', '/api/workflows', { token: session.accessToken });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await login(stack.apiUrl, uniqueSimUser('other')); // 4
    expect((await call(stack.apiUrl, 'GET', '/api/workflows', { token: other.accessToken })).status).toBe(200);
  });

  test('when logout is called, then its refresh token is revoked', async () => {
    const fresh = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    }); // 5
    expect(fresh.status).toBe(200);
    const out = await call(stack.apiUrl, 'POST', '/api/auth/logout', {
      token: fresh.body.accessToken,
      body: { refreshToken: fresh.body.refreshToken },
    }); // 6
    expect(out.status).toBe(204);
    const after = await call(stack.apiUrl, 'POST', '/api/auth/refresh', {
      body: { refreshToken: fresh.body.refreshToken },
    }); // 7
    expect(after.status).toBe(401);
  });

  test('when one IP keeps calling the auth endpoints, then 429 with Retry-After', async () => {
    let res = await call(stack.apiUrl, 'GET', '/api/auth/amazon/login');
    for (let i = 0; i < 8 && res.status === 200; i++) res = await call(stack.apiUrl, 'GET', '/api/auth/amazon/login');
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

test('when NODE_ENV=production runs on the demo secrets, then startup refuses with a clear error', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET, TOKEN_SEALING_KEYS, LWA_CLIENT_SECRET/);
  const own = {
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-that-is-long-enough-0123456789',
    TOKEN_SEALING_KEYS: 'v2:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=',
    LWA_CLIENT_SECRET: 'real-client-secret',
    TEMPORAL_PAYLOAD_KEYS: 'v2:MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=', // issue #8: payload encryption
  };
  expect(loadConfig(own).env).toBe('production');
});
