/**
 * Fresh Amazon (Login with Amazon) access tokens for a user. Tokens live sealed in Postgres and are opened only
 * here, inside an activity or an API request: they never enter workflow history or logs.
 *
 * A token expiring within `refreshBufferSeconds` (15 minutes by default) is refreshed first. Reads take no lock;
 * a refresh claims a short lease on the user's row, so two workers never refresh the same user at once, and never
 * holds a lock or a transaction across the LWA call.
 */
import type { Knex } from 'knex';
import { LwaError, type LwaClient } from '../amc/client';
import type { UserRow } from '../db/tables';
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

/** How long one caller may take to refresh before another may try (an LWA call is bounded by its HTTP timeout). */
const REFRESH_LEASE_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a refresh attempt found under the lock: a token someone else refreshed, a lease to wait for, or its own. */
type RefreshClaim =
  | { kind: 'consent'; reason: string }
  | { kind: 'fresh'; token: string }
  | { kind: 'wait'; until: number }
  | { kind: 'refresh'; refreshToken: string; failures: number };

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

  /**
   * A usable access token for the user. `forceRefresh` is for the one retry after AMC answered 401 to a token
   * we believed valid.
   *
   * Reading never locks the user's row (every AMC call of every activity reads a token). Only a refresh takes the
   * row lock, twice and briefly: to claim a short refresh lease (so one caller refreshes while the others wait for
   * its result instead of calling LWA too), and to store the new tokens. The LWA HTTP call runs between the two,
   * outside any transaction.
   */
  async function getAccessToken(userId: string, opts: { forceRefresh?: boolean } = {}): Promise<string> {
    const user = await deps.users.findById(userId);
    if (!user) throw new Error(`user ${userId} does not exist`);
    const usable = usableToken(user);
    if ('consentError' in usable) throw new AmazonConsentRequiredError(userId, usable.consentError);
    if (usable.token && !opts.forceRefresh) {
      await resealOnUse(user); // lazy key rotation: a value sealed under an older key is re-sealed on use
      return usable.token;
    }
    return refresh(userId, user.amazon_access_token_sealed);
  }

  /** The stored access token when it is fresh (beyond the refresh buffer), or why the user must consent again. */
  function usableToken(user: UserRow): { token: string | undefined } | { consentError: string } {
    if (!user.amazon_refresh_token_sealed || user.amazon_connection_status === 'needs_consent') {
      return { consentError: user.amazon_token_error ?? 'Amazon is not connected' };
    }
    const expiresAt = user.amazon_token_expires_at?.getTime() ?? 0;
    const fresh = expiresAt - now().getTime() > deps.refreshBufferSeconds * 1000;
    return {
      token: fresh && user.amazon_access_token_sealed ? open(deps.keyring, user.amazon_access_token_sealed) : undefined,
    };
  }

  /** Re-seals both tokens under the current key without a lock: only if the stored values are still those read. */
  async function resealOnUse(user: UserRow): Promise<void> {
    const access = user.amazon_access_token_sealed;
    const refreshSealed = user.amazon_refresh_token_sealed;
    const stale = (v: string | null): v is string => !!v && needsReseal(deps.keyring, v);
    if (!stale(access) && !stale(refreshSealed)) return;
    await deps.users.updateIf(
      user.id,
      { amazon_access_token_sealed: access, amazon_refresh_token_sealed: refreshSealed },
      {
        ...(stale(access) && { amazon_access_token_sealed: seal(deps.keyring, open(deps.keyring, access)) }),
        ...(stale(refreshSealed) && {
          amazon_refresh_token_sealed: seal(deps.keyring, open(deps.keyring, refreshSealed)),
        }),
      },
    );
  }

  /**
   * Refreshes the user's token, or waits for the refresh another caller is making. `seen` is the sealed access
   * token the caller found unusable: a different one stored meanwhile is someone else's fresh refresh.
   */
  async function refresh(userId: string, seen: string | null): Promise<string> {
    for (;;) {
      // Waiting for another caller's refresh reads without a lock, like any token read.
      const current = await deps.users.findById(userId);
      const waitUntil = current?.amazon_refresh_lease_until?.getTime() ?? 0;
      if (current && waitUntil > now().getTime()) {
        const usable = usableToken(current);
        if ('token' in usable && usable.token && current.amazon_access_token_sealed !== seen) return usable.token;
        await sleep(Math.min(250, Math.max(10, waitUntil - now().getTime())));
        continue;
      }
      const claim = await deps.db.transaction(async (tx): Promise<RefreshClaim> => {
        const user = await deps.users.findByIdForUpdate(userId, tx);
        if (!user) throw new Error(`user ${userId} does not exist`);
        const usable = usableToken(user);
        if ('consentError' in usable) return { kind: 'consent', reason: usable.consentError };
        if (usable.token && user.amazon_access_token_sealed !== seen) return { kind: 'fresh', token: usable.token };
        const leaseUntil = user.amazon_refresh_lease_until?.getTime() ?? 0;
        if (leaseUntil > now().getTime()) return { kind: 'wait', until: leaseUntil };
        const lease = new Date(now().getTime() + REFRESH_LEASE_MS);
        await deps.users.update(userId, { amazon_refresh_lease_until: lease }, tx);
        const refreshToken = open(deps.keyring, user.amazon_refresh_token_sealed!);
        return { kind: 'refresh', refreshToken, failures: user.amazon_refresh_failures ?? 0 };
      });
      if (claim.kind === 'consent') throw new AmazonConsentRequiredError(userId, claim.reason);
      if (claim.kind === 'fresh') return claim.token;
      if (claim.kind === 'wait') {
        await sleep(Math.min(250, Math.max(10, claim.until - now().getTime())));
        continue;
      }
      return callLwa(userId, claim.refreshToken, claim.failures);
    }
  }

  /** The LWA call itself, holding the lease but no lock; the outcome is stored under a short lock. */
  async function callLwa(userId: string, refreshToken: string, failures: number): Promise<string> {
    let tokens: Awaited<ReturnType<typeof deps.lwa.refresh>>;
    try {
      tokens = await deps.lwa.refresh(refreshToken);
    } catch (err) {
      if (!(err instanceof LwaError && CONSENT_ERRORS.has(err.error))) {
        await deps.users.update(userId, { amazon_refresh_lease_until: null });
        throw err;
      }
      // The row says why, so the API can tell the user to sign in with Amazon again.
      const reason = `${err.error}: ${err.message}`;
      await deps.users.update(userId, {
        amazon_connection_status: 'needs_consent',
        amazon_token_error: reason,
        amazon_refresh_attempted_at: now(),
        amazon_refresh_error: reason,
        amazon_refresh_failures: failures + 1,
        amazon_refresh_lease_until: null,
      });
      throw new AmazonConsentRequiredError(userId, reason);
    }
    await deps.db.transaction(async (tx) => {
      await deps.users.findByIdForUpdate(userId, tx);
      await storeTokens(userId, tokens, tx);
      await deps.users.update(userId, { amazon_refresh_lease_until: null }, tx);
    });
    return tokens.accessToken;
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
