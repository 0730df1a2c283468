/**
 * HTTP hardening at the edge: security headers (helmet), a CORS allow-list, and rate limits — per client IP on
 * the unauthenticated auth endpoints (login, callback, refresh), per user on everything behind requireAuth.
 * A limited request is the contract's 429 with Retry-After. The counters live in Postgres (db/rate-limits.ts),
 * so every API process counts against the same limit; `rateLimitNamespace` keeps deployments (or test stacks)
 * that share a database apart.
 */
import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import type { RateLimitsDb } from '../db/rate-limits';
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

/** express-rate-limit's store over the Postgres counters, its keys under `prefix`. */
function postgresStore(counters: RateLimitsDb, prefix: string, windowSeconds: number): Store {
  return {
    localKeys: false,
    prefix,
    increment: (key) => counters.increment(prefix + key, windowSeconds),
    get: (key) => counters.get(prefix + key),
    decrement: (key) => counters.decrement(prefix + key),
    resetKey: (key) => counters.reset(prefix + key),
  };
}

function limiter(
  windowSeconds: number,
  limit: number,
  store: Store,
  keyGenerator?: Options['keyGenerator'],
): RequestHandler {
  if (limit === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: windowSeconds * 1000,
    limit,
    store,
    // Postgres unreachable: count nothing rather than fail every request (the request's own work answers 503).
    passOnStoreError: true,
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

type LimitSettings = Pick<Settings, 'rateLimit' | 'rateLimitNamespace'>;

/** Per client IP: the login flow and refresh, which an attacker can call without a token. */
export function authRateLimit(settings: LimitSettings, counters: RateLimitsDb): RequestHandler {
  const { windowSeconds, authPerIp } = settings.rateLimit;
  return limiter(
    windowSeconds,
    authPerIp,
    postgresStore(counters, `${settings.rateLimitNamespace}auth:`, windowSeconds),
  );
}

/** Per authenticated user (mount after requireAuth), so one user cannot starve the others. */
export function userRateLimit(settings: LimitSettings, counters: RateLimitsDb): RequestHandler {
  const { windowSeconds, perUser } = settings.rateLimit;
  return limiter(
    windowSeconds,
    perUser,
    postgresStore(counters, `${settings.rateLimitNamespace}user:`, windowSeconds),
    (_req, res) => currentUserId(res),
  );
}
