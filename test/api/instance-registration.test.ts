/**
 * Issue 16 finding 1: registration that always works. The contract's minimal body resolves the marketplace, the
 * instance type and the region from AMC's listings with the user's own token; what that token cannot see is a
 * 400 naming what AMC lists; PUT/PATCH fix one field; rows registered before this are repaired at first use; and
 * an instance's AMC calls go to its region's host (here a loopback proxy in front of the simulator, counting).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, login, waitForExecution } from '../helpers/api-client';
import { CAMPAIGN_QUERY, uniqueSimUser } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
/** The "EU host": forwards to the simulator and records each request's path. */
let euProxy: http.Server;
let euProxyUrl: string;
const euRequests: string[] = [];

async function startEuProxy(target: () => string): Promise<void> {
  euProxy = http.createServer((req, res) => {
    euRequests.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
      ) as Record<string, string>;
      fetch(`${target()}${req.url}`, {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      })
        .then(async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await upstream.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => euProxy.listen(0, '127.0.0.1', resolve));
  euProxyUrl = `http://127.0.0.1:${(euProxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  let simUrl = '';
  await startEuProxy(() => simUrl);
  stack = await startStack({ env: { AMC_API_BASE_URL_EU: euProxyUrl } });
  simUrl = stack.simUrl;
});
afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => euProxy?.close(resolve));
});

const discover = async (token: string) =>
  (await call(stack.apiUrl, 'GET', '/api/instances/discover', { token })).body.items as any[];

async function runOnce(token: string, instanceId: string): Promise<any> {
  const saved = await call(stack.apiUrl, 'POST', '/api/workflows', {
    token,
    body: {
      name: 'Reach',
      instanceId,
      sqlQuery: CAMPAIGN_QUERY,
      parameters: { min_impressions: { type: 'number', default: 1 } },
    },
  });
  expect(saved.status).toBe(201);
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.body.id}/execute`, {
    token,
    body: { timeWindowStart: '2026-10-01', timeWindowEnd: '2026-10-08' },
  });
  expect(started.status).toBe(202);
  return waitForExecution(stack.apiUrl, token, started.body.executionId);
}

describe('registering an instance with the minimal body', () => {
  test('when only instanceId, name and accountId are sent, then AMC fills the rest and an execution runs end to end', async () => {
    const { accessToken: token } = await login(stack.apiUrl, uniqueSimUser('minimal'));
    const [seen] = await discover(token);
    const created = await call(stack.apiUrl, 'POST', '/api/instances', {
      token,
      body: { instanceId: seen.instanceId, name: 'Main', account: { accountId: seen.account.accountId } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      instanceId: seen.instanceId,
      name: 'Main',
      region: 'NA',
      instanceType: 'STANDARD',
      account: { accountId: seen.account.accountId, marketplaceId: 'ATVPDKIKX0DER', name: seen.account.name },
    });

    const execution = await runOnce(token, created.body.id);
    expect([execution.status, execution.error]).toEqual(['SUCCEEDED', undefined]);
    expect(execution.rowCount).toBeGreaterThan(0);
  });

  test("when the account or instance is not one the user's Amazon login can see, then 400 naming what AMC lists", async () => {
    const alice = await login(stack.apiUrl, uniqueSimUser('alice'));
    const bob = await login(stack.apiUrl, uniqueSimUser('bob'));
    const [aliceSees] = await discover(alice.accessToken);
    const [bobSees] = await discover(bob.accessToken);
    const register = (instanceId: string, accountId: string, marketplaceId?: string) =>
      call(stack.apiUrl, 'POST', '/api/instances', {
        token: alice.accessToken,
        body: { instanceId, name: 'x', account: { accountId, ...(marketplaceId && { marketplaceId }) } },
      });

    const unknown = await register('amcnotreal1', aliceSees.account.accountId);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('AMC_INSTANCE_NOT_VISIBLE');
    expect(unknown.body.error.message).toContain('amcnotreal1');
    expect(unknown.body.error.message).toContain(aliceSees.instanceId); // what AMC does list

    const bobsPair = await register(bobSees.instanceId, bobSees.account.accountId);
    expect(bobsPair.status).toBe(400);
    expect(bobsPair.body.error.code).toBe('AMC_ACCOUNT_NOT_VISIBLE');
    expect(bobsPair.body.error.message).toContain(bobSees.account.accountId);

    const bobsInstanceUnderAlice = await register(bobSees.instanceId, aliceSees.account.accountId);
    expect(bobsInstanceUnderAlice.status).toBe(400);
    expect(bobsInstanceUnderAlice.body.error.code).toBe('AMC_INSTANCE_NOT_VISIBLE');

    const wrongMarketplace = await register(aliceSees.instanceId, aliceSees.account.accountId, 'A1PA6795UKMFR9');
    expect(wrongMarketplace.status).toBe(400);
    expect(wrongMarketplace.body.error).toMatchObject({
      code: 'MARKETPLACE_MISMATCH',
      message: expect.stringContaining('ATVPDKIKX0DER'),
    });

    const listed = await call(stack.apiUrl, 'GET', '/api/instances', { token: alice.accessToken });
    expect(listed.body.items).toEqual([]); // nothing was registered by the refused requests
  });
});

describe('fixing a registered instance', () => {
  test('when PATCH or PUT names one field, then only that field changes', async () => {
    const { accessToken: token } = await login(stack.apiUrl, uniqueSimUser('fixer'));
    const [seen] = await discover(token);
    const created = await call(stack.apiUrl, 'POST', '/api/instances', {
      token,
      body: { instanceId: seen.instanceId, name: 'Tpyo', account: { accountId: seen.account.accountId } },
    });
    const renamed = await call(stack.apiUrl, 'PATCH', `/api/instances/${created.body.id}`, {
      token,
      body: { name: 'Main' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...created.body, name: 'Main', updatedAt: expect.any(String) });

    const moved = await call(stack.apiUrl, 'PUT', `/api/instances/${created.body.id}`, {
      token,
      body: { region: 'FE' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'Main', region: 'FE', account: created.body.account });

    const wrong = await call(stack.apiUrl, 'PATCH', `/api/instances/${created.body.id}`, {
      token,
      body: { account: { marketplaceId: 'A1VC38T7YXB528' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('MARKETPLACE_MISMATCH');
  });

  test('when a row registered before lacks its marketplace and type, then its first use repairs it and the run succeeds', async () => {
    const session = await login(stack.apiUrl, uniqueSimUser('legacy'));
    const token = session.accessToken;
    const [seen] = await discover(token);
    const created = await call(stack.apiUrl, 'POST', '/api/instances', {
      token,
      body: { instanceId: seen.instanceId, name: 'Old', account: { accountId: seen.account.accountId } },
    });
    // What the old registration stored for the minimal body.
    await stack.db('amc_accounts').where({ id: created.body.account.id }).update({ marketplace_id: null });
    await stack.db('amc_instances').where({ id: created.body.id }).update({ instance_type: null });

    const execution = await runOnce(token, created.body.id);
    expect(execution.status).toBe('SUCCEEDED');
    const repaired = await call(stack.apiUrl, 'GET', `/api/instances/${created.body.id}`, { token });
    expect(repaired.body).toMatchObject({
      instanceType: 'STANDARD',
      account: { marketplaceId: 'ATVPDKIKX0DER' },
    });
  });
});

describe('regional AMC hosts', () => {
  test('when an account is in an EU marketplace, then its instance is EU and every AMC call goes to the EU host', async () => {
    const simUser = uniqueSimUser('berlin');
    const { accessToken: token } = await login(stack.apiUrl, simUser);
    const added = await fetch(`${stack.simUrl}/__sim/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ simUser, marketplaceId: 'A1PA6795UKMFR9', accountName: 'Brand DE' }),
    }).then((r) => r.json() as Promise<{ accountId: string; instanceId: string }>);
    const created = await call(stack.apiUrl, 'POST', '/api/instances', {
      token,
      body: { instanceId: added.instanceId, name: 'DE', account: { accountId: added.accountId } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ region: 'EU', account: { marketplaceId: 'A1PA6795UKMFR9' } });

    const before = euRequests.length;
    const execution = await runOnce(token, created.body.id);
    expect(execution.status).toBe('SUCCEEDED');
    const reporting = euRequests.slice(before).filter((r) => r.includes(`/amc/reporting/${added.instanceId}/`));
    expect(reporting.some((r) => r.startsWith('POST'))).toBe(true); // the execution was created there
    expect(reporting.some((r) => r.includes('/downloadUrls'))).toBe(true);
  });
});
