/**
 * Login with Amazon: consent (approves at once), token endpoint, user profile. Reference §12.
 * `sim_user=<name>` on the consent URL signs in as that Amazon user (created on first use).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { bearerToken, userForToken } from './auth';
import { randomToken } from './ids';
import type { SimulatorOptions } from './options';
import type { SimState, SimUser } from './state';

type Params = Record<string, unknown>;

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.json({ error, error_description: description });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** client_id/client_secret from the body or from `Authorization: Basic` (general LWA docs). */
function clientCredentials(req: Request, body: Params): { id?: string; secret?: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  return { id: str(body.client_id), secret: str(body.client_secret) };
}

function pkceMatches(challenge: string, method: string | undefined, verifier: string | undefined): boolean {
  if (!verifier) return false;
  if ((method ?? 'plain').toUpperCase() === 'PLAIN') return verifier === challenge;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

export function createLwaRoutes(deps: { state: SimState; options: SimulatorOptions }): Router {
  const { state, options } = deps;
  const router = Router();

  function issueTokens(res: Response, user: SimUser, clientId: string, refreshToken: string): void {
    const accessToken = randomToken('Atza|IwEB', 120);
    state.accessTokens.set(accessToken, {
      userId: user.userId,
      clientId,
      expiresAtMs: Date.now() + options.accessTokenTtlSeconds * 1000,
      revoked: false,
    });
    state.counters.tokensIssued++;
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: options.accessTokenTtlSeconds,
    });
  }

  router.get('/ap/oa', (req, res) => {
    const q = req.query as Params;
    const clientId = str(q.client_id);
    const redirectUri = str(q.redirect_uri);
    const responseType = str(q.response_type);
    // Real LWA shows an error page (no redirect) for these; a JSON 400 stands in for it.
    if (!clientId || !redirectUri || !responseType) {
      return oauthError(res, 400, 'invalid_request', 'client_id, response_type and redirect_uri are required');
    }
    if (clientId !== options.clientId) return oauthError(res, 400, 'invalid_client', 'Unknown client_id');
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return oauthError(res, 400, 'invalid_request', 'redirect_uri is not an absolute URL');
    }
    const state_ = str(q.state);
    if (responseType !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type');
      if (state_) target.searchParams.set('state', state_);
      return res.redirect(302, target.toString());
    }
    const user = state.userFor(str(q.sim_user));
    const scope = str(q.scope) ?? 'advertising::campaign_management';
    const code = randomToken('ANdL', 15);
    state.codes.set(code, {
      userId: user.userId,
      clientId,
      redirectUri,
      scope,
      expiresAtMs: Date.now() + options.authCodeTtlSeconds * 1000,
      used: false,
      codeChallenge: str(q.code_challenge),
      codeChallengeMethod: str(q.code_challenge_method),
    });
    state.counters.codesIssued++;
    target.searchParams.set('code', code);
    target.searchParams.set('scope', scope);
    if (state_) target.searchParams.set('state', state_);
    res.redirect(302, target.toString());
  });

  router.post('/auth/o2/token', express.urlencoded({ extended: false }), express.json(), (req, res) => {
    const body = (req.body ?? {}) as Params;
    const creds = clientCredentials(req, body);
    const grantType = str(body.grant_type);
    if (!grantType)
      return oauthError(res, 400, 'invalid_request', 'The request is missing a required parameter : grant_type');
    if (
      !creds.id ||
      !creds.secret ||
      !safeEqual(creds.id, options.clientId) ||
      !safeEqual(creds.secret, options.clientSecret)
    ) {
      return oauthError(res, 401, 'invalid_client', 'Client authentication failed');
    }
    if (grantType === 'authorization_code') {
      const code = str(body.code);
      if (!code) return oauthError(res, 400, 'invalid_request', 'The request is missing a required parameter : code');
      if (!str(body.redirect_uri))
        return oauthError(res, 400, 'invalid_request', 'The request is missing a required parameter : redirect_uri');
      const record = state.codes.get(code);
      const bad =
        !record ||
        record.used ||
        record.expiresAtMs <= Date.now() ||
        record.clientId !== creds.id ||
        record.redirectUri !== body.redirect_uri ||
        (record.codeChallenge !== undefined &&
          !pkceMatches(record.codeChallenge, record.codeChallengeMethod, str(body.code_verifier)));
      if (record) record.used = true; // single use, even when this attempt fails
      if (bad || !record) return oauthError(res, 400, 'invalid_grant', 'The request has an invalid parameter : code');
      const user = state.users.get(record.userId)!;
      const refreshToken = randomToken('Atzr|IwEB', 120);
      state.refreshTokens.set(refreshToken, { userId: user.userId, clientId: creds.id, revoked: false });
      return issueTokens(res, user, creds.id, refreshToken);
    }
    if (grantType === 'refresh_token') {
      const refreshToken = str(body.refresh_token);
      if (!refreshToken)
        return oauthError(res, 400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
      const record = state.refreshTokens.get(refreshToken);
      if (!record || record.revoked || record.clientId !== creds.id) {
        return oauthError(res, 400, 'invalid_grant', 'The request has an invalid parameter : refresh_token');
      }
      state.counters.tokensRefreshed++;
      // LWA answers a refresh with the same refresh token (reference §12.2).
      return issueTokens(res, state.users.get(record.userId)!, creds.id, refreshToken);
    }
    oauthError(res, 400, 'unsupported_grant_type', `The authorization grant type is not supported : ${grantType}`);
  });

  router.get('/user/profile', (req, res) => {
    const user = userForToken(state, bearerToken(req));
    if (!user)
      return oauthError(
        res,
        401,
        'invalid_token',
        'The access token provided is expired, revoked, malformed, or invalid',
      );
    res.json({ user_id: user.userId, name: user.name, email: user.email });
  });

  return router;
}
