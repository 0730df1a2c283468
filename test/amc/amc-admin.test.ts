import { AmcApiError } from '../../amc/client';
import { startSimulator } from './sim-harness';

describe('AMC accounts, instances, auth and tenancy', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    h = await startSimulator();
  });
  afterAll(() => h.sim.close());

  it('when the demo user lists accounts and instances, then the seeded demo account and instance come back', async () => {
    const { accessToken } = await h.login();
    expect(await h.amc.listAccounts(accessToken)).toEqual([
      { accountId: 'ENTITY1DEMO0ACCT1', accountName: 'Demo Brand AMC', marketplaceId: 'ATVPDKIKX0DER' },
    ]);
    const instances = await h.amc.listInstances({
      accessToken,
      accountId: 'ENTITY1DEMO0ACCT1',
      marketplaceId: 'ATVPDKIKX0DER',
    });
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({
      instanceId: 'amcdemo0001',
      instanceName: 'demo-brand-main',
      instanceType: 'STANDARD',
      creationStatus: 'COMPLETED',
    });
    const one = await h.amc.getInstance({
      accessToken,
      accountId: 'ENTITY1DEMO0ACCT1',
      marketplaceId: 'ATVPDKIKX0DER',
      instanceId: 'amcdemo0001',
    });
    expect(one.instanceId).toBe('amcdemo0001');
  });

  it('when calling with raw headers, then responses carry request ids and the recorded media types', async () => {
    const { accessToken } = await h.login();
    const headers = {
      Authorization: `Bearer ${accessToken}`,
      'Amazon-Advertising-API-ClientId': h.sim.options.clientId,
      'Amazon-Advertising-API-AdvertiserId': 'ENTITY1DEMO0ACCT1',
      'Amazon-Advertising-API-MarketplaceId': 'ATVPDKIKX0DER',
    };
    const res = await fetch(`${h.url}/amc/instances?nextToken=`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amz-rid')).toMatch(/^[A-Z0-9]{20}$/);
    expect(res.headers.get('x-amz-request-id')).toBe(res.headers.get('x-amz-rid'));
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const list = await fetch(`${h.url}/amc/reporting/amcdemo0001/workflows`, { headers });
    expect(list.headers.get('content-type')).toMatch(/^application\/vnd\.amcworkflows\.v1\+json/);
    expect(await list.json()).toEqual({ workflows: [] }); // no nextToken on the last page, no nulls
  });

  it('when the ClientId header is missing, then the gateway answers 401 with its recorded body', async () => {
    const { accessToken } = await h.login();
    const res = await fetch(`${h.url}/amc/accounts`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 'UNAUTHORIZED',
      details: 'HTTP 401 Unauthorized',
      requestId: res.headers.get('x-amz-request-id'),
    });
  });

  it('when the AdvertiserId is not the owning account, then the call is 403 mapped to kind forbidden', async () => {
    const ctx = await h.contextFor();
    const err = await h.amc.listWorkflows({ ...ctx, accountId: 'ENTITY1NOTMINE000' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AmcApiError);
    expect(err).toMatchObject({ kind: 'forbidden', status: 403, retryable: false });
    await expect(h.amc.listWorkflows({ ...ctx, marketplaceId: 'A1PA6795UKMFR9' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(h.amc.listInstances({ ...ctx, accountId: 'ENTITY1NOTMINE000' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('when the path holds something other than an AMC instance id, then the call is 403', async () => {
    const ctx = await h.contextFor();
    await expect(
      h.amc.listWorkflows({ ...ctx, instanceId: '3f0c2a8e-5b7d-4c1e-9a64-2d8f1b7c9e10' }),
    ).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
  });

  it("when user B uses their own token on user A's instance, then it is 403, and each sees only their own", async () => {
    const a = await h.contextFor('user-a');
    const b = await h.contextFor('user-b');
    expect(a.accountId).toMatch(/^ENTITY[A-Z0-9]{12}$/);
    expect(a.instanceId).toMatch(/^amc[a-z0-9]{8}$/);
    expect(b.instanceId).not.toBe(a.instanceId);
    expect((await h.amc.listAccounts(b.accessToken)).map((x) => x.accountId)).toEqual([b.accountId]);
    await expect(h.amc.listWorkflows({ ...b, instanceId: a.instanceId })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(h.amc.listWorkflows({ ...a, accessToken: b.accessToken })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(h.amc.getInstance({ ...b, instanceId: 'amcdemo0001' })).rejects.toMatchObject({ kind: 'forbidden' });
    // The same sim_user name always maps to the same ids.
    expect((await h.contextFor('user-a')).instanceId).toBe(a.instanceId);
  });

  it('when access tokens expire mid-run, then calls fail 401 unauthorized until the caller refreshes', async () => {
    const ctx = await h.contextFor();
    await h.amc.listWorkflows(ctx);
    const res = await fetch(`${h.url}/__sim/tokens/expire`, { method: 'POST' });
    expect(((await res.json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const err = await h.amc.listWorkflows(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'unauthorized', status: 401, retryable: false });
    const fresh = await h.lwa.refresh(ctx.refreshToken);
    await expect(h.amc.listWorkflows({ ...ctx, accessToken: fresh.accessToken })).resolves.toEqual([]);
  });

  it('when accessTokenTtlSeconds elapses, then the token stops working on its own', async () => {
    h.sim.configure({ accessTokenTtlSeconds: 1 });
    try {
      const ctx = await h.contextFor();
      await h.amc.listWorkflows(ctx);
      await new Promise((r) => setTimeout(r, 1100));
      await expect(h.amc.listWorkflows(ctx)).rejects.toMatchObject({ kind: 'unauthorized' });
    } finally {
      h.sim.configure({ accessTokenTtlSeconds: 3600 });
    }
  });
});
