/** JWT access tokens (HS256, short-lived) and the middleware that requires one on /api routes. */
import type { RequestHandler, Response } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { AppError } from './errors';

export interface JwtSettings {
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
}

export function createAccessTokens(settings: JwtSettings) {
  const key = new TextEncoder().encode(settings.jwtSecret);
  return {
    async issue(userId: string): Promise<string> {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(settings.jwtIssuer)
        .setAudience(settings.jwtAudience)
        .setIssuedAt()
        .setJti(randomUUID())
        .setExpirationTime(`${settings.accessTokenTtlSeconds}s`)
        .sign(key);
    },
    /** The user id of a valid token, or undefined (bad signature, expired, wrong issuer or audience). */
    async verify(token: string): Promise<string | undefined> {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: settings.jwtIssuer,
          audience: settings.jwtAudience,
          algorithms: ['HS256'],
        });
        return typeof payload.sub === 'string' ? payload.sub : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;

export function requireAuth(tokens: AccessTokens): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const userId = match ? await tokens.verify(match[1]!) : undefined;
    if (!userId) return next(new AppError(401, 'UNAUTHORIZED', 'a valid bearer access token is required'));
    res.locals.userId = userId;
    next();
  };
}

export function currentUserId(res: Response): string {
  return res.locals.userId as string;
}
