/**
 * Webhooks cannot reach our own network (issue #17, SSRF). Without the tests-only loopback opt-in, every internal
 * address class is refused when a webhook is created or changed (400 WEBHOOK_URL_NOT_ALLOWED) and again at
 * delivery, before any connection: a canary server on loopback, which several of the URLs point at, must never see
 * a connection. Names resolve from a table (never real DNS); a name that resolved to a public address when the
 * webhook was created and to 127.0.0.1 at delivery (DNS rebinding) fails the delivery without connecting. No
 * traffic leaves 127.0.0.0/8: the public addresses in the table are only ever checked, never connected to.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { checkWebhookUrl, postWebhook, type WebhookTargetRules } from '../../services/webhook-target';
import { loadConfig, ConfigError } from '../../config';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, tableResolver, type Stack } from '../helpers/stack';

const PUBLIC = '93.184.215.14';
const hosts = new Map<string, string[]>([
  ['hooks.example.com', [PUBLIC]],
  ['rebind.example.com', [PUBLIC]],
  ['internal.example.com', ['10.1.2.3']],
  ['metadata.example.com', ['169.254.169.254']],
  ['mixed.example.com', [PUBLIC, '127.0.0.1']],
  ['v6-internal.example.com', ['fd00::5']],
  ['localhost', ['127.0.0.1', '::1']],
]);

let stack: Stack;
let ws: Workspace;
let canary: net.Server;
let canaryPort: number;
let connections = 0;

beforeAll(async () => {
  canary = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryPort = (canary.address() as AddressInfo).port;
  stack = await startStack({ hosts, env: { WEBHOOK_MAX_ATTEMPTS: '2', WEBHOOK_RETRY_INITIAL_SECONDS: '0.2' } });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => canary?.close(resolve));
});

const create = (url: string) =>
  call(stack.apiUrl, 'POST', '/api/webhooks', { token: ws.token, body: { url, events: ['execution.succeeded'] } });

describe('at creation', () => {
  test('when a webhook URL names any internal address class, then 400 WEBHOOK_URL_NOT_ALLOWED and no connection', async () => {
    const p = canaryPort;
    const refused = [
      // loopback, in the spellings URL parsing turns into 127.0.0.1
      `http://127.0.0.1:${p}/hook`,
      `http://127.1:${p}/hook`,
      `http://2130706433:${p}/hook`,
      `http://0x7f000001:${p}/hook`,
      `http://0177.0.0.1:${p}/hook`,
      `http://[::1]:${p}/hook`,
      `http://[::ffff:127.0.0.1]:${p}/hook`,
      `http://[::ffff:7f00:1]:${p}/hook`,
      `http://[64:ff9b::7f00:1]:${p}/hook`,
      `http://[2002:7f00:1::1]:${p}/hook`,
      `http://localhost:${p}/hook`,
      `http://mixed.example.com:${p}/hook`,
      // private, link-local (metadata), CGNAT, multicast, unspecified, broadcast, reserved, documentation
      'http://10.0.0.1/hook',
      'http://172.16.5.4/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/latest/meta-data/',
      'http://metadata.example.com/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://224.0.0.1/hook',
      'http://0.0.0.0/hook',
      'http://255.255.255.255/hook',
      'http://240.0.0.1/hook',
      'http://192.0.2.1/hook',
      'http://internal.example.com/hook',
      // IPv6 equivalents
      'http://[::]/hook',
      'http://[fc00::1]/hook',
      'http://[fd12:3456::1]/hook',
      'http://[fe80::1]/hook',
      'http://[ff02::1]/hook',
      'http://[::127.0.0.1]/hook',
      'http://[64:ff9b:1::1]/hook',
      'http://[2001::1]/hook',
      'http://[2001:db8::1]/hook',
      'http://v6-internal.example.com/hook',
      // names that do not resolve, and credentials in the URL
      'https://nowhere.example.com/hook',
      `https://user:secret@hooks.example.com/hook`,
    ];
    for (const url of refused) {
      const res = await create(url);
      expect([url, res.status, res.body.error?.code]).toEqual([url, 400, 'WEBHOOK_URL_NOT_ALLOWED']);
    }
    expect(connections).toBe(0);
    const listed = await call(stack.apiUrl, 'GET', '/api/webhooks', { token: ws.token });
    expect(listed.body.items).toEqual([]);
  });

  test('when the refusal names a host, then it does not say whether the name exists inside', async () => {
    const internal = await create('http://internal.example.com/hook');
    const missing = await create('http://nowhere.example.com/hook');
    const words = (m: string) => m.replace(/\S+\.example\.com/, '<host>');
    expect(words(internal.body.error.message)).toBe(words(missing.body.error.message));
  });

  test('when a webhook URL is public, then it is accepted; changing it to an internal one is refused', async () => {
    const created = await create('https://hooks.example.com/recomamp');
    expect(created.status).toBe(201);
    const patched = await call(stack.apiUrl, 'PATCH', `/api/webhooks/${created.body.id}`, {
      token: ws.token,
      body: { url: 'http://169.254.169.254/latest/meta-data/' },
    });
    expect([patched.status, patched.body.error.code]).toEqual([400, 'WEBHOOK_URL_NOT_ALLOWED']);
    const kept = await call(stack.apiUrl, 'GET', `/api/webhooks/${created.body.id}`, { token: ws.token });
    expect(kept.body.url).toBe('https://hooks.example.com/recomamp');
    await call(stack.apiUrl, 'DELETE', `/api/webhooks/${created.body.id}`, { token: ws.token });
  });
});

describe('at delivery', () => {
  test('when a name resolved publicly at creation resolves to 127.0.0.1 at delivery, then the delivery fails without connecting', async () => {
    const hook = await create(`http://rebind.example.com:${canaryPort}/hook`);
    expect(hook.status).toBe(201);
    hosts.set('rebind.example.com', ['127.0.0.1']); // DNS rebinding: the name now points at us
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    expect((await waitForExecution(stack.apiUrl, ws.token, started.body.executionId)).status).toBe('SUCCEEDED');
    let delivery: any;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const res = await call(stack.apiUrl, 'GET', `/api/webhooks/${hook.body.id}/deliveries`, { token: ws.token });
      delivery = res.body.items[0];
      if (delivery?.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Refused at once (no retry can help), with a sentence of ours, and nothing connected to the canary.
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: null });
    expect(delivery.lastError).toMatch(/^WEBHOOK_URL_NOT_ALLOWED: /);
    expect(connections).toBe(0);
  });

  test('when a delivery goes to each refused kind of target, then it is refused before any connection', async () => {
    const rules: WebhookTargetRules = { httpsOnly: false, allowLoopback: false, resolve: tableResolver(hosts) };
    const post = { headers: {}, body: '{}', timeoutMs: 2000 };
    for (const url of [
      `http://127.0.0.1:${canaryPort}/`,
      `http://[::ffff:127.0.0.1]:${canaryPort}/`,
      `http://localhost:${canaryPort}/`,
      `http://rebind.example.com:${canaryPort}/`,
      `http://mixed.example.com:${canaryPort}/`,
    ]) {
      expect([url, await postWebhook(rules, url, post)]).toEqual([
        url,
        { failure: expect.any(String), notAllowed: true },
      ]);
    }
    expect(connections).toBe(0);
  });
});

describe('production', () => {
  test('when NODE_ENV=production, then webhook URLs must be https and the loopback opt-in refuses to start', async () => {
    const rules: WebhookTargetRules = { httpsOnly: true, allowLoopback: false, resolve: tableResolver(hosts) };
    await expect(checkWebhookUrl(rules, 'http://hooks.example.com/hook')).rejects.toThrow(/must use https/);
    await expect(checkWebhookUrl(rules, 'https://hooks.example.com/hook')).resolves.toBeInstanceOf(URL);
    const secrets = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-that-is-long-enough-0123456789',
      TOKEN_SEALING_KEYS: 'v2:MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=',
      LWA_CLIENT_SECRET: 'real-client-secret',
      TEMPORAL_PAYLOAD_KEYS: 'v2:MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=',
    };
    expect(loadConfig(secrets).webhooks).toMatchObject({ httpsOnly: true, allowLoopbackTargets: false });
    expect(() => loadConfig({ ...secrets, WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true' })).toThrow(ConfigError);
  });
});
