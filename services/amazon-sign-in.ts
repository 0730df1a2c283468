/**
 * Sign in with Amazon (GET /api/auth/amazon/login and /callback). These act before there is a caller, so they
 * run on the owner connection (`systemRepos`; the app role may not even read OAuth states).
 * - start: a random, short-lived, single-use `state` (CSRF) and LWA's authorization URL.
 * - complete: the state is checked before anything else; the code is exchanged, the user upserted with their
 *   sealed tokens, and the work paused for lost consent is resumed (best effort: the token refresh sweep resumes
 *   whatever is still owed, users.amazon_work_paused_at).
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { LwaError, type LwaClient } from '../amc/client';
import type { Repositories } from '../db';
import type { UserRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import type { AmazonTokenService } from '../amazon/tokens';
import { createConsentWork } from './amazon-consent';

export interface AmazonSignInDeps {
  systemRepos: Pick<Repositories, 'db' | 'oauthStates' | 'users' | 'schedules' | 'tokenRefresh'>;
  lwa: Pick<LwaClient, 'authorizationUrl' | 'exchangeCode' | 'getProfile'>;
  amazonTokens: Pick<AmazonTokenService, 'storeTokens'>;
  temporal: Pick<Client, 'schedule' | 'workflow'>;
  settings: { oauthStateTtlSeconds: number };
  log: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface AmazonCallback {
  state: string;
  code?: string;
  error?: string;
}

export async function startAmazonSignIn(deps: AmazonSignInDeps): Promise<{ authorizationUrl: string; state: string }> {
  const state = randomBytes(24).toString('base64url');
  await deps.systemRepos.oauthStates.insert(state, new Date(Date.now() + deps.settings.oauthStateTtlSeconds * 1000));
  return { authorizationUrl: deps.lwa.authorizationUrl(state), state };
}

export async function completeAmazonSignIn(deps: AmazonSignInDeps, callback: AmazonCallback): Promise<UserRow> {
  const repos = deps.systemRepos;
  // The state is checked before anything else: it is what ties this callback to a login we started (CSRF).
  if (!(await repos.oauthStates.consume(callback.state))) {
    throw new AppError(400, 'INVALID_OAUTH_STATE', 'the login state is unknown, expired or already used');
  }
  if (callback.error || !callback.code) {
    throw new AppError(
      400,
      'AMAZON_AUTHORIZATION_DENIED',
      `Amazon did not authorise the login: ${callback.error ?? 'no code'}`,
    );
  }
  let tokens;
  let profile;
  try {
    tokens = await deps.lwa.exchangeCode(callback.code);
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
    const consentWork = createConsentWork({
      temporal: deps.temporal,
      schedules: repos.schedules,
      tokenRefresh: repos.tokenRefresh,
    });
    await consentWork
      .resumeAfterConsent(user.id)
      .catch((err) => deps.log('resume after consent failed', { userId: user.id, error: String(err) }));
  }
  return user;
}
