/**
 * JWT access tokens (HS256, short-lived) and the middleware that requires one on /api routes.
 *
 * Each access token names its session (`sid`, the refresh-token family of api/sessions.ts), and every request
 * checks that the session is still open, so logging out (or a replayed refresh token revoking the family) stops
 * the access token at once instead of when it expires. A refused token gets the contract's 401 with a code that
 * says what to do: UNAUTHORIZED (none sent), TOKEN_EXPIRED (refresh and retry), TOKEN_INVALID (forged, malformed,
 * another audience, no session), TOKEN_REVOKED (its session ended), and an RFC 6750 `WWW-Authenticate` challenge.
 */
import type { RequestHandler, Response } from 'express';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { AppError } from './errors';

export interface JwtSettings {
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
}

export type VerifiedToken =
  { ok: true; userId: string; sessionId: string } | { ok: false; reason: 'expired' | 'invalid' };

export function createAccessTokens(settings: JwtSettings) {
  const key = new TextEncoder().encode(settings.jwtSecret);
  return {
    async issue(userId: string, sessionId: string): Promise<string> {
      return new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(settings.jwtIssuer)
        .setAudience(settings.jwtAudience)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${settings.accessTokenTtlSeconds}s`)
        .sign(key);
    },
    /** Who a token speaks for, or why not. The signature is checked before the expiry: a forgery is never "expired". */
    async verify(token: string): Promise<VerifiedToken> {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: settings.jwtIssuer,
          audience: settings.jwtAudience,
          algorithms: ['HS256'],
        });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return { ok: false, reason: 'invalid' };
        return { ok: true, userId: payload.sub, sessionId: payload.sid };
      } catch (err) {
        return { ok: false, reason: err instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
      }
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;

/** Whether a session (refresh-token family) is still open for this user: api/sessions.ts. */
export type SessionCheck = (sessionId: string, userId: string) => Promise<boolean>;

function unauthorized(code: string, message: string, error?: 'invalid_token'): AppError {
  const challenge = error
    ? `Bearer realm="recomamp", error="${error}", error_description="${message}"`
    : 'Bearer realm="recomamp"';
  return new AppError(401, code, message, undefined, { 'WWW-Authenticate': challenge });
}

export const AUTH_FAILURES = {
  missing: () => unauthorized('UNAUTHORIZED', 'a valid bearer access token is required'),
  expired: () =>
    unauthorized('TOKEN_EXPIRED', 'the access token has expired: refresh it and try again', 'invalid_token'),
  invalid: () =>
    unauthorized('TOKEN_INVALID', 'the access token is malformed, forged or not issued for this API', 'invalid_token'),
  revoked: () =>
    unauthorized('TOKEN_REVOKED', 'the session of this access token has ended: sign in again', 'invalid_token'),
};

/** Marks middleware that authenticates the caller, so route listings can tell what each route requires. */
export const AUTH_REQUIREMENT = Symbol('recomamp.authRequirement');
export type AuthRequirement = 'bearer' | 'operator';
export function markAuth<T extends RequestHandler>(handler: T, requirement: AuthRequirement): T {
  return Object.assign(handler, { [AUTH_REQUIREMENT]: requirement });
}

export function requireAuth(tokens: AccessTokens, sessionOpen: SessionCheck): RequestHandler {
  return markAuth(async (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return next(AUTH_FAILURES.missing());
    const verified = await tokens.verify(match[1]!);
    if (!verified.ok) return next(AUTH_FAILURES[verified.reason]());
    if (!(await sessionOpen(verified.sessionId, verified.userId))) return next(AUTH_FAILURES.revoked());
    res.locals.userId = verified.userId;
    res.locals.sessionId = verified.sessionId;
    next();
  }, 'bearer');
}

export function currentUserId(res: Response): string {
  return res.locals.userId as string;
}

/** The session (refresh-token family) of the caller's access token. */
export function currentSessionId(res: Response): string {
  return res.locals.sessionId as string;
}
