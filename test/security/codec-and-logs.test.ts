/**
 * No secret in a URL or a log line (issue #17). The codec endpoint takes its operator token in a header or as a
 * codec session cookie (what the Temporal UI sends with "Include cross-origin credentials"), never in the path;
 * and request logs show only route words and UUIDs of a path, never its query string, so a token put in a URL by
 * mistake does not reach the logs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../api/app';
import { createLogger } from '../../observability/logger';
import { call } from '../helpers/api-client';
import { startStack, type Stack } from '../helpers/stack';

const TOKEN = 'codec-operator-token-0123456789abcdef';
const UI = 'http://ui.example';
let stack: Stack;
let encoded: unknown[];

beforeAll(async () => {
  stack = await startStack({ noWorker: true, env: { CODEC_AUTH_TOKEN: TOKEN, CODEC_CORS_ORIGINS: UI } });
  const res = await call(stack.apiUrl, 'POST', '/codec/encode', {
    headers: { authorization: `Bearer ${TOKEN}` },
    body: {
      payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'eyJhIjoxfQ==' }],
    },
  });
  expect(res.status).toBe(200);
  encoded = res.body.payloads;
});
afterAll(() => stack?.close());

const decode = (headers: Record<string, string>, path = '/codec/decode') =>
  call(stack.apiUrl, 'POST', path, { headers, body: { payloads: encoded } });

describe('codec authorisation', () => {
  test('when the token is in the path, then nothing answers; in the Authorization header, it decodes', async () => {
    expect((await decode({}, `/codec/${TOKEN}/decode`)).status).toBe(404);
    expect((await decode({})).status).toBe(401);
    expect((await decode({ authorization: 'Bearer wrong-token-of-some-length-000000' })).status).toBe(401);
    const ok = await decode({ authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.body.payloads[0].data).toBe('eyJhIjoxfQ==');
    expect(ok.headers.get('cache-control')).toBe('no-store');
  });

  test('when the operator signs in at /codec/session, then the UI decodes with the cookie from an allowed origin only', async () => {
    const form = await fetch(`${stack.apiUrl}/codec/session`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post" action="session">');
    expect(form.headers.get('content-security-policy')).toContain("default-src 'none'");

    const signIn = (token: string) =>
      fetch(`${stack.apiUrl}/codec/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
    const refused = await signIn('not-the-operator-token-000000');
    expect(refused.status).toBe(401);
    expect(refused.headers.getSetCookie()).toEqual([]);
    const signedIn = await signIn(TOKEN);
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('recomamp_codec='))!;
    expect(setCookie).toMatch(/; Path=\/codec/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;

    // The Temporal UI's fetch with credentials: the cookie and its own origin.
    const fromUi = await decode({ cookie, origin: UI });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers.get('access-control-allow-origin')).toBe(UI);
    expect(fromUi.headers.get('access-control-allow-credentials')).toBe('true');
    const fromElsewhere = await decode({ cookie, origin: 'http://evil.example' });
    expect([fromElsewhere.status, fromElsewhere.body.error.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
    // A forged or expired session is worth nothing.
    const [, expiry] = cookie.split('.');
    expect(
      (await decode({ cookie: `recomamp_codec=v1.${Number(expiry) + 1}.${'A'.repeat(43)}`, origin: UI })).status,
    ).toBe(401);
    expect((await decode({ cookie: 'recomamp_codec=v1.1000.' + 'A'.repeat(43), origin: UI })).status).toBe(401);
  });
});

describe('request logs', () => {
  test('when URLs carry tokens in a path segment or the query string, then no log line shows them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', name: 'api', destination: sink });
    const server = http.createServer(createApp({ ...stack.deps, logger, log: (m, e) => logger.error(e ?? {}, m) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const id = randomUUID();
    const secrets = ['SECRETQUERY', 'sk_live_PathSecret12345', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl'];
    try {
      await call(base, 'POST', `/codec/${TOKEN}/decode`, { body: { payloads: [] } });
      await call(base, 'GET', `/api/executions/${id}?access_token=${secrets[0]}`);
      await call(base, 'GET', `/api/query-templates/${secrets[1]}`);
      await call(base, 'GET', `/api/auth/amazon/callback?code=${secrets[2]}&state=${secrets[0]}`);
      await call(base, 'GET', `/health?token=${secrets[0]}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const text = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const secret of [TOKEN, ...secrets]) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    const paths = lines.map((l) => (JSON.parse(l) as { path?: string }).path).filter(Boolean);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/codec/:redacted/decode',
        `/api/executions/${id}`,
        '/api/query-templates/:redacted',
        '/api/auth/amazon/callback',
        '/health',
      ]),
    );
  });
});
