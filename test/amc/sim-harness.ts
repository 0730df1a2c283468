/** Shared setup for the AMC tests: an in-process simulator on port 0 plus clients pointed at it. */
import type { Readable } from 'node:stream';
import {
  createAmcClient,
  createLwaClient,
  isTerminalAmcStatus,
  type AmcCallContext,
  type AmcClient,
  type AmcExecution,
} from '../../amc/client';
import { createSimulator, type SimulatorOptions } from '../../amc/simulator';

export const REDIRECT_URI = 'http://127.0.0.1:9/api/auth/amazon/callback';

export async function startSimulator(overrides: Partial<SimulatorOptions> = {}) {
  const sim = createSimulator({ executionSeconds: 0.3, pendingSeconds: 0.05, ...overrides });
  const { url } = await sim.listen(0);
  const { clientId, clientSecret } = sim.options;
  const lwa = createLwaClient({
    authorizeUrl: `${url}/ap/oa`,
    tokenUrl: `${url}/auth/o2/token`,
    profileUrl: `${url}/user/profile`,
    clientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    scope: 'advertising::campaign_management profile',
    timeoutMs: 5000,
  });
  const amc = createAmcClient({ baseUrl: url, clientId, timeoutMs: 5000 });

  /** Follows the consent redirect by hand and returns the code it carries. */
  async function authorize(simUser?: string, state = 'st-1'): Promise<URL> {
    const res = await fetch(lwa.authorizationUrl(state, simUser ? { sim_user: simUser } : {}), { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  async function login(simUser?: string) {
    const code = (await authorize(simUser)).searchParams.get('code')!;
    return lwa.exchangeCode(code);
  }

  /** Logs in and discovers the user's (single) AMC account and instance. */
  async function contextFor(simUser?: string): Promise<AmcCallContext & { refreshToken: string }> {
    const tokens = await login(simUser);
    const [account] = await amc.listAccounts(tokens.accessToken);
    const [instance] = await amc.listInstances({
      accessToken: tokens.accessToken,
      accountId: account!.accountId,
      marketplaceId: account!.marketplaceId,
    });
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accountId: account!.accountId,
      marketplaceId: account!.marketplaceId,
      instanceId: instance!.instanceId,
    };
  }

  return { sim, url, lwa, amc, authorize, login, contextFor };
}

export async function waitForExecution(
  amc: AmcClient,
  ctx: AmcCallContext,
  executionId: string,
  done: (e: AmcExecution) => boolean = (e) => isTerminalAmcStatus(e.status),
  timeoutMs = 10_000,
): Promise<AmcExecution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await amc.getExecution(ctx, executionId);
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${e.status}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function readAll(stream: Readable | NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export const SIMPLE_SQL =
  'SELECT campaign, SUM(impressions) AS impressions, COUNT(DISTINCT user_id) AS reach FROM dsp_impressions GROUP BY campaign';
