/**
 * Fresh Amazon (Login with Amazon) access tokens for a user. Tokens live sealed in Postgres and are opened only
 * here, inside an activity or an API request: they never enter workflow history or logs.
 *
 * A token expiring within `refreshBufferSeconds` (15 minutes by default) is refreshed first. The user's row is
 * locked while refreshing, so two workers never refresh the same user at once.
 */
import type { Knex } from 'knex';
import { LwaError, type LwaClient } from '../amc/client';
import type { UserPatch, UserRow } from '../db/tables';
import type { UsersDb } from '../db/users';
import { needsReseal, open, seal, type SealingKeyring } from '../lib/token-sealing';

export class AmazonConsentRequiredError extends Error {
  constructor(
    readonly userId: string,
    readonly reason: string,
  ) {
    super(`Amazon access for this user needs to be granted again: ${reason}`);
  }
}

export interface AmazonTokenServiceDeps {
  db: Knex;
  users: UsersDb;
  lwa: Pick<LwaClient, 'refresh'>;
  keyring: SealingKeyring;
  refreshBufferSeconds: number;
  now?: () => Date;
}

/** LWA answers that mean the refresh token itself is no good: only a new consent helps. */
const CONSENT_ERRORS = new Set(['invalid_grant', 'unauthorized_client', 'invalid_client']);

export function createAmazonTokenService(deps: AmazonTokenServiceDeps) {
  const now = deps.now ?? (() => new Date());

  /** Seals and stores a token pair (login and refresh). */
  async function storeTokens(
    userId: string,
    tokens: { accessToken: string; refreshToken: string; expiresIn: number },
    tx?: Knex.Transaction,
  ): Promise<void> {
    await deps.users.update(
      userId,
      {
        amazon_access_token_sealed: seal(deps.keyring, tokens.accessToken),
        amazon_refresh_token_sealed: seal(deps.keyring, tokens.refreshToken),
        amazon_token_expires_at: new Date(now().getTime() + tokens.expiresIn * 1000),
        amazon_connection_status: 'connected',
        amazon_token_error: null,
        amazon_token_refreshed_at: now(),
        amazon_refresh_attempted_at: now(),
        amazon_refresh_error: null,
        amazon_refresh_failures: 0,
      },
      tx,
    );
  }

  /** Re-seals the user's stored tokens under the current key (same values, same expiry). */
  async function reseal(user: UserRow, tx?: Knex.Transaction): Promise<boolean> {
    const patch: UserPatch = {};
    if (user.amazon_access_token_sealed && needsReseal(deps.keyring, user.amazon_access_token_sealed)) {
      patch.amazon_access_token_sealed = seal(deps.keyring, open(deps.keyring, user.amazon_access_token_sealed));
    }
    if (user.amazon_refresh_token_sealed && needsReseal(deps.keyring, user.amazon_refresh_token_sealed)) {
      patch.amazon_refresh_token_sealed = seal(deps.keyring, open(deps.keyring, user.amazon_refresh_token_sealed));
    }
    if (Object.keys(patch).length === 0) return false;
    await deps.users.update(user.id, patch, tx);
    return true;
  }

  /**
   * A usable access token for the user. `forceRefresh` is for the one retry after AMC answered 401 to a token
   * we believed valid.
   */
  async function getAccessToken(userId: string, opts: { forceRefresh?: boolean } = {}): Promise<string> {
    const outcome = await deps.db.transaction(async (tx): Promise<{ token: string } | { consentError: string }> => {
      const user = await deps.users.findByIdForUpdate(userId, tx);
      if (!user) throw new Error(`user ${userId} does not exist`);
      if (!user.amazon_refresh_token_sealed || user.amazon_connection_status === 'needs_consent') {
        return { consentError: user.amazon_token_error ?? 'Amazon is not connected' };
      }
      const expiresAt = user.amazon_token_expires_at?.getTime() ?? 0;
      const fresh = expiresAt - now().getTime() > deps.refreshBufferSeconds * 1000;
      if (fresh && !opts.forceRefresh && user.amazon_access_token_sealed) {
        await reseal(user, tx); // lazy key rotation: a value sealed under an older key is re-sealed on use
        return { token: open(deps.keyring, user.amazon_access_token_sealed) };
      }
      try {
        const tokens = await deps.lwa.refresh(open(deps.keyring, user.amazon_refresh_token_sealed));
        await storeTokens(userId, tokens, tx);
        return { token: tokens.accessToken };
      } catch (err) {
        if (!(err instanceof LwaError && CONSENT_ERRORS.has(err.error))) throw err;
        // The row says why, so the API can tell the user to sign in with Amazon again.
        const reason = `${err.error}: ${err.message}`;
        await deps.users.update(
          userId,
          {
            amazon_connection_status: 'needs_consent',
            amazon_token_error: reason,
            amazon_refresh_attempted_at: now(),
            amazon_refresh_error: reason,
            amazon_refresh_failures: (user.amazon_refresh_failures ?? 0) + 1,
          },
          tx,
        );
        return { consentError: reason };
      }
    });
    if ('consentError' in outcome) throw new AmazonConsentRequiredError(userId, outcome.consentError);
    return outcome.token;
  }

  /**
   * The background refresh of one user (workflows/token-refresh.ts): refreshes when the token expires within the
   * buffer, and records the outcome on the user row. A refresh LWA refuses for good is `consent_required`; a
   * transient failure is recorded and thrown, so the activity retries it.
   */
  async function refreshUserToken(userId: string): Promise<{ outcome: 'fresh' | 'refreshed' | 'consent_required' }> {
    const before = await deps.users.findById(userId);
    try {
      await getAccessToken(userId);
    } catch (err) {
      if (err instanceof AmazonConsentRequiredError) return { outcome: 'consent_required' };
      await deps.users.update(userId, {
        amazon_refresh_attempted_at: now(),
        amazon_refresh_error: err instanceof Error ? err.message : String(err),
        amazon_refresh_failures: (before?.amazon_refresh_failures ?? 0) + 1,
      });
      throw err;
    }
    const after = await deps.users.findById(userId);
    const refreshed = after?.amazon_token_refreshed_at?.getTime() !== before?.amazon_token_refreshed_at?.getTime();
    return { outcome: refreshed ? 'refreshed' : 'fresh' };
  }

  return { getAccessToken, storeTokens, refreshUserToken };
}
export type AmazonTokenService = ReturnType<typeof createAmazonTokenService>;
