/**
 * API sessions: a short-lived JWT access token plus an opaque, rotating refresh token. Only the refresh token's
 * SHA-256 is stored. Each refresh revokes the token it used; presenting a revoked token again (a stolen copy
 * being replayed) revokes the whole family, logging out every holder. The family is the session: access tokens
 * carry its id (`sid`), and a request is served only while the family still has a live refresh token, so logout
 * and a revoked family stop their access tokens at once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { RefreshTokensDb } from '../db/refresh-tokens';
import type { AccessTokens } from './auth';
import { AppError } from './errors';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface SessionsDeps {
  db: Knex;
  refreshTokens: RefreshTokensDb;
  accessTokens: AccessTokens;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const invalid = () => new AppError(401, 'INVALID_REFRESH_TOKEN', 'refresh token is invalid, expired or revoked');

export function createSessions(deps: SessionsDeps) {
  async function issue(userId: string, familyId: string, tx?: Knex.Transaction): Promise<SessionTokens> {
    const refreshToken = randomBytes(32).toString('base64url');
    await deps.refreshTokens.insert(
      {
        user_id: userId,
        family_id: familyId,
        token_hash: hash(refreshToken),
        expires_at: new Date(Date.now() + deps.refreshTokenTtlSeconds * 1000),
      },
      tx,
    );
    const accessToken = await deps.accessTokens.issue(userId, familyId);
    return { accessToken, refreshToken, expiresIn: deps.accessTokenTtlSeconds };
  }

  return {
    start: (userId: string) => issue(userId, randomUUID()),

    async refresh(refreshToken: string): Promise<SessionTokens> {
      const outcome = await deps.db.transaction(async (tx) => {
        const row = await deps.refreshTokens.findByHashForUpdate(hash(refreshToken), tx);
        if (!row) return 'invalid' as const;
        if (row.revoked_at) {
          await deps.refreshTokens.revokeFamily(row.family_id, tx);
          return 'reused' as const;
        }
        if (row.expires_at.getTime() <= Date.now()) return 'invalid' as const;
        await deps.refreshTokens.revoke(row.id, tx);
        return issue(row.user_id, row.family_id, tx);
      });
      if (outcome === 'reused') {
        throw new AppError(401, 'REFRESH_TOKEN_REUSED', 'refresh token was already used; its session has been revoked');
      }
      if (outcome === 'invalid') throw invalid();
      return outcome;
    },

    /** Whether the session is open: its family still holds an unrevoked, unexpired refresh token of `userId`. */
    isOpen: (sessionId: string, userId: string): Promise<boolean> => deps.refreshTokens.familyIsLive(sessionId, userId),

    /**
     * Ends the caller's session (the family of their access token) and, when given, the family of a refresh token
     * of theirs (a client holding tokens of another session of the same user).
     */
    async logout(userId: string, sessionId: string, refreshToken?: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        await deps.refreshTokens.revokeFamily(sessionId, tx, userId);
        const row = refreshToken ? await deps.refreshTokens.findByHashForUpdate(hash(refreshToken), tx) : undefined;
        if (row && row.user_id === userId) await deps.refreshTokens.revokeFamily(row.family_id, tx);
      });
    },
  };
}
export type Sessions = ReturnType<typeof createSessions>;
