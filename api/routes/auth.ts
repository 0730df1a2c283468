/**
 * Login with Amazon and API sessions (contract: Auth). These routes act before (or about) the caller's identity,
 * so they use the owner connection (deps.systemRepos); the app role may not even read refresh tokens or states.
 */
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { LwaError } from '../../amc/client';
import { createConsentWork } from '../../lib/amazon-consent';
import { currentUserId, requireAuth } from '../auth';
import type { ApiDeps } from '../deps';
import { handOffToConsole, isBrowserNavigation } from '../console';
import { AppError, notFound, toAppError } from '../errors';
import { presentUser } from '../presenters';
import type { SessionTokens } from '../sessions';
import { callbackQuery, logoutBody, refreshBody } from '../schemas/auth';
import { parseBody, parseQuery } from '../validate';

export function createAuthRouter(deps: ApiDeps): Router {
  const router = Router();
  const repos = deps.systemRepos;
  const consentWork = createConsentWork({
    temporal: deps.temporal,
    schedules: repos.schedules,
    tokenRefresh: repos.tokenRefresh,
  });

  router.get('/amazon/login', async (_req, res) => {
    const state = randomBytes(24).toString('base64url');
    await repos.oauthStates.insert(state, new Date(Date.now() + deps.settings.oauthStateTtlSeconds * 1000));
    res.json({ authorizationUrl: deps.lwa.authorizationUrl(state), state });
  });

  router.get('/amazon/callback', async (req, res, next) => {
    // A browser (the console's sign-in) gets a redirect to the console, errors included; API clients get JSON.
    if (!isBrowserNavigation(req)) return finishLogin(req, res);
    try {
      await finishLogin(req, res, (session) => handOffToConsole(res, session));
    } catch (err) {
      const { code, message, status } = toAppError(err);
      if (status >= 500) return next(err);
      handOffToConsole(res, { error: code, message });
    }
  });

  async function finishLogin(
    req: Request,
    res: Response,
    answer: (signedIn: SessionTokens & { user: { id: string; email: string | null; name: string | null } }) => void = (
      signedIn,
    ) => void res.json(signedIn),
  ): Promise<void> {
    const query = parseQuery(callbackQuery, req);
    // The state is checked before anything else: it is what ties this callback to a login we started (CSRF).
    if (!(await repos.oauthStates.consume(query.state))) {
      throw new AppError(400, 'INVALID_OAUTH_STATE', 'the login state is unknown, expired or already used');
    }
    if (query.error || !query.code) {
      throw new AppError(
        400,
        'AMAZON_AUTHORIZATION_DENIED',
        `Amazon did not authorise the login: ${query.error ?? 'no code'}`,
      );
    }
    let tokens;
    let profile;
    try {
      tokens = await deps.lwa.exchangeCode(query.code);
      profile = await deps.lwa.getProfile(tokens.accessToken);
    } catch (err) {
      if (err instanceof LwaError && !err.retryable) {
        // invalid_grant (a used or expired code), invalid_client, …: LWA's error name, never its token material.
        throw new AppError(400, 'AMAZON_AUTH_FAILED', `Login with Amazon refused the code: ${err.error}`, {
          lwaError: err.error,
        });
      }
      throw new AppError(503, 'AMAZON_UNAVAILABLE', 'Login with Amazon could not be reached; try again');
    }
    const user = await repos.db.transaction(async (tx) => {
      const saved = await repos.users.upsertByAmazonId(
        {
          amazon_user_id: profile.userId,
          email: profile.email ?? null,
          name: profile.name ?? null,
          amazon_access_token_sealed: null,
          amazon_refresh_token_sealed: null,
          amazon_token_expires_at: null,
        },
        tx,
      );
      await deps.amazonTokens.storeTokens(saved.id, tokens, tx);
      return saved;
    });
    // Consent is back: resume the schedules and collections paused for it. Best effort here; the token refresh
    // sweep resumes whatever is still owed (users.amazon_work_paused_at).
    if (user.amazon_work_paused_at) {
      await consentWork
        .resumeAfterConsent(user.id)
        .catch((err) => deps.log('resume after consent failed', { userId: user.id, error: String(err) }));
    }
    const session = await deps.sessions.start(user.id);
    answer({ ...session, user: { id: user.id, email: user.email, name: user.name } });
  }

  router.post('/refresh', async (req, res) => {
    const { refreshToken } = parseBody(refreshBody, req);
    res.json(await deps.sessions.refresh(refreshToken));
  });

  router.get('/user', requireAuth(deps.accessTokens), async (_req, res) => {
    const user = await repos.users.findById(currentUserId(res));
    if (!user) throw notFound('user');
    res.json(presentUser(user));
  });

  router.post('/logout', requireAuth(deps.accessTokens), async (req, res) => {
    const { refreshToken } = parseBody(logoutBody, req);
    if (refreshToken) await deps.sessions.logout(currentUserId(res), refreshToken);
    res.status(204).end();
  });

  return router;
}
