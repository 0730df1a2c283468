import { createHash } from 'node:crypto';
import { LwaError } from '../../amc/client';
import { REDIRECT_URI, startSimulator } from './sim-harness';

describe('Login with Amazon through the client against the simulator', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  beforeAll(async () => {
    h = await startSimulator();
  });
  afterAll(() => h.sim.close());

  it('when the user consents, then the redirect carries code, scope and state and the code buys tokens and a profile', async () => {
    const location = await h.authorize(undefined, 'state-123');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('scope')).toBe('advertising::campaign_management profile');
    const tokens = await h.lwa.exchangeCode(location.searchParams.get('code')!);
    expect(tokens.accessToken).toMatch(/^Atza\|/);
    expect(tokens.refreshToken).toMatch(/^Atzr\|/);
    expect(tokens).toMatchObject({ expiresIn: 3600, tokenType: 'bearer' });
    const profile = await h.lwa.getProfile(tokens.accessToken);
    expect(profile).toEqual({
      userId: expect.stringMatching(/^amzn1\.account\./),
      name: 'Demo User',
      email: 'demo@recomamp.example',
    });
  });

  it('when a code is used twice, then the second exchange is invalid_grant and not retryable', async () => {
    const code = (await h.authorize()).searchParams.get('code')!;
    await h.lwa.exchangeCode(code);
    const err = await h.lwa.exchangeCode(code).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LwaError);
    expect(err).toMatchObject({ error: 'invalid_grant', status: 400, retryable: false });
  });

  it('when the consent carried a PKCE S256 challenge, then its code buys tokens only with the matching verifier', async () => {
    const verifier = 'a-verifier-of-at-least-43-characters-0123456789abcdef';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const consent = async () => {
      const url = h.lwa.authorizationUrl('st-pkce', { code_challenge: challenge, code_challenge_method: 'S256' });
      const res = await fetch(url, { redirect: 'manual' });
      return new URL(res.headers.get('location')!).searchParams.get('code')!;
    };
    await expect(h.lwa.exchangeCode(await consent())).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(h.lwa.exchangeCode(await consent(), { codeVerifier: `${verifier}x` })).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await h.lwa.exchangeCode(await consent(), { codeVerifier: verifier })).accessToken).toMatch(/^Atza\|/);
  });

  it('when refreshing, then a new access token comes back with the same refresh token', async () => {
    const first = await h.login();
    const refreshed = await h.lwa.refresh(first.refreshToken);
    expect(refreshed.refreshToken).toBe(first.refreshToken);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect((await h.lwa.getProfile(refreshed.accessToken)).name).toBe('Demo User');
    expect(h.sim.stats().tokens.refreshed).toBeGreaterThanOrEqual(1);
  });

  it('when the client secret is wrong, then the token endpoint answers invalid_client 401', async () => {
    const code = (await h.authorize()).searchParams.get('code')!;
    const res = await fetch(`${h.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_id: h.sim.options.clientId,
        client_secret: 'nope',
      }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('when credentials come as Basic auth and the body is JSON, then the exchange still works', async () => {
    const code = (await h.authorize()).searchParams.get('code')!;
    const basic = Buffer.from(`${h.sim.options.clientId}:${h.sim.options.clientSecret}`).toString('base64');
    const res = await fetch(`${h.url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${basic}` },
      body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
  });

  it('when sim_user is given, then that user signs in with their own identity', async () => {
    const tokens = await h.login('alice');
    const profile = await h.lwa.getProfile(tokens.accessToken);
    expect(profile.name).toBe('alice');
    expect(profile.email).toBe('alice@sim.recomamp.example');
    expect(profile.userId).not.toBe((await h.lwa.getProfile((await h.login()).accessToken)).userId);
  });

  it('when the consent URL lacks redirect_uri, then the simulator refuses it', async () => {
    const res = await fetch(`${h.url}/ap/oa?client_id=${h.sim.options.clientId}&response_type=code`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
  });

  it('when tokens are revoked by a fault, then refresh is invalid_grant and the access token is refused', async () => {
    const tokens = await h.login('revoked-user');
    h.sim.setFaults({ revokeTokens: true });
    try {
      await expect(h.lwa.refresh(tokens.refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
      await expect(h.lwa.getProfile(tokens.accessToken)).rejects.toMatchObject({ status: 401 });
      await expect(h.amc.listAccounts(tokens.accessToken)).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
      expect(h.sim.stats().tokens.revoked).toBeGreaterThanOrEqual(1);
    } finally {
      h.sim.clearFaults();
    }
    // A fresh login still works after revocation.
    expect((await h.login('revoked-user')).accessToken).toMatch(/^Atza\|/);
  });
});
