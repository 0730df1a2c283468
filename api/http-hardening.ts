/**
 * HTTP hardening at the edge: security headers (helmet), a CORS allow-list, and rate limits — per client IP on
 * the unauthenticated auth endpoints (login, callback, refresh), per user on everything behind requireAuth.
 * A limited request is the contract's 429 with Retry-After. Limits live in memory per API process: behind
 * several processes each enforces its own share (a shared store is a drop-in `store:` option).
 */
import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { rateLimit, type Options } from 'express-rate-limit';
import { currentUserId } from './auth';
import type { ApiDeps } from './deps';
import { AppError } from './errors';

type Settings = ApiDeps['settings'];

export function securityHeaders(): RequestHandler {
  // helmet's strict defaults (CSP default-src 'self', nosniff, frame-ancestors, HSTS, no referrer leaks) on every
  // answer; the console's page (api/console.ts) and /docs (api/routes/observability.ts) narrow the CSP to what
  // they load.
  return helmet();
}

/** Only the configured origins may call from a browser; bearer tokens travel in a header, never cookies. */
export function corsAllowList(settings: Pick<Settings, 'corsOrigins'>): RequestHandler {
  const allowed = new Set(settings.corsOrigins);
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    credentials: false,
    maxAge: 600,
  });
}

function limiter(windowSeconds: number, limit: number, keyGenerator?: Options['keyGenerator']): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    ...(keyGenerator && { keyGenerator }),
    handler: (req, _res, next) => {
      const resetAt = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(
        1,
        Math.ceil(((resetAt?.getTime() ?? Date.now() + windowSeconds * 1000) - Date.now()) / 1000),
      );
      next(
        new AppError(
          429,
          'RATE_LIMITED',
          `too many requests; retry in ${retryAfter} s`,
          { retryAfterSeconds: retryAfter },
          {
            'Retry-After': String(retryAfter),
          },
        ),
      );
    },
  });
}

/** Per client IP: the login flow and refresh, which an attacker can call without a token. */
export function authRateLimit(settings: Pick<Settings, 'rateLimit'>): RequestHandler {
  return limiter(settings.rateLimit.windowSeconds, settings.rateLimit.authPerIp);
}

/** Per authenticated user (mount after requireAuth), so one user cannot starve the others. */
export function userRateLimit(settings: Pick<Settings, 'rateLimit'>): RequestHandler {
  return limiter(
    settings.rateLimit.windowSeconds,
    settings.rateLimit.perUser,
    (_req, res) => `user:${currentUserId(res)}`,
  );
}
