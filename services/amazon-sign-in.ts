/**
 * Sign in with Amazon (GET /api/auth/amazon/login and /callback). These act before there is a caller, so they
 * run on the owner connection (`systemRepos`; the app role may not even read OAuth states).
 * - start: a random, short-lived, single-use `state` bound to the client that asked (the hash of its login cookie,
 *   api/login-cookie.ts: login CSRF), a PKCE code verifier kept with it on the server, and LWA's authorization URL
 *   carrying the verifier's S256 challenge.
 * - complete: the state and its binding are checked before anything else; the code is exchanged with the verifier
 *   (so a code minted for another login cannot complete this one), the user upserted with their sealed tokens,
 *   and the work paused for lost consent is resumed (best effort: the token refresh sweep resumes whatever is still
 *   owed, users.amazon_work_paused_at).
 */
import { createHash, randomBytes } from 'node:crypto';
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

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** `binding`: the login cookie's value (random, from api/login-cookie.ts); only its hash is stored. */
export async function startAmazonSignIn(
  deps: AmazonSignInDeps,
  binding: string,
): Promise<{ authorizationUrl: string; state: string }> {
  const state = randomBytes(24).toString('base64url');
  const codeVerifier = randomBytes(32).toString('base64url'); // 43 characters, RFC 7636's minimum
  await deps.systemRepos.oauthStates.insert({
    state,
    expiresAt: new Date(Date.now() + deps.settings.oauthStateTtlSeconds * 1000),
    bindingHash: sha256(binding),
    codeVerifier,
  });
  const authorizationUrl = deps.lwa.authorizationUrl(state, {
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return { authorizationUrl, state };
}

/** `binding`: the login cookie the callback request carried, if any. */
export async function completeAmazonSignIn(
  deps: AmazonSignInDeps,
  callback: AmazonCallback,
  binding: string | undefined,
): Promise<UserRow> {
  const repos = deps.systemRepos;
  // The state and its binding are checked before anything else: they tie this callback to a login this client
  // started (CSRF). A state presented by another client (or without the cookie) is refused and not spent.
  const consumed = await repos.oauthStates.consume(callback.state, binding === undefined ? undefined : sha256(binding));
  if (consumed.outcome === 'unknown') {
    throw new AppError(400, 'INVALID_OAUTH_STATE', 'the login state is unknown, expired or already used');
  }
  if (consumed.outcome === 'unbound') {
    throw new AppError(
      400,
      'OAUTH_STATE_NOT_BOUND',
      binding === undefined
        ? 'this login was not started from this client: its login cookie is missing (start the login again here)'
        : 'this login was started by another client: finish it there, or start the login again here',
    );
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
    tokens = await deps.lwa.exchangeCode(callback.code, { codeVerifier: consumed.codeVerifier });
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
