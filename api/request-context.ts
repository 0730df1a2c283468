/**
 * First middleware of the app: a request id (a sane incoming `X-Request-Id` is kept, else a new UUID) echoed on
 * every response and put on `res.locals.log` (a pino child logger, made on first use), one JSON log line per request, and the
 * latency histogram by route pattern (`req.baseUrl` + `req.route.path`, never the raw URL with ids).
 *
 * What a log line says of the URL (`loggedPath`) cannot carry a secret: never the query string, and of the path
 * only our own route words and UUIDs; any other segment (a token someone put in a URL, a slug, garbage) is
 * replaced by its parameter name or `:redacted`.
 */
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import { metrics } from '../observability/metrics';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The route pattern that answered (`/api/executions/:id`), or `unmatched`. The mount path is the request path
 * minus as many trailing segments as the route has (req.baseUrl is already reset when an error went to next()):
 * our mount paths are static and our routes have no wildcards, so this is exact.
 */
export function routePattern(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (!route || typeof route.path !== 'string') return 'unmatched';
  const segments = (p: string) => p.split('/').filter(Boolean);
  const own = segments(route.path);
  const all = segments(req.originalUrl.split('?')[0] ?? '');
  const mount = all.slice(0, Math.max(0, all.length - own.length));
  return `/${[...mount, ...own].join('/')}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const segmentsOf = (p: string) => p.split('/').filter(Boolean);

interface LayerLike {
  route?: { path?: unknown };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

/** The literal words of every route and mount path of the app: what an unmatched path may show of itself. */
const vocabularies = new WeakMap<object, Set<string>>();
function vocabularyOf(app: unknown): Set<string> {
  const known = vocabularies.get(app as object);
  if (known) return known;
  const words = new Set<string>();
  const add = (p: unknown) => {
    if (typeof p === 'string') for (const s of segmentsOf(p)) if (!s.startsWith(':') && !s.includes('*')) words.add(s);
  };
  const walk = (stack: LayerLike[] | undefined) => {
    for (const layer of stack ?? []) {
      add(layer.route?.path);
      add(layer.rawPath);
      walk(layer.handle?.stack);
    }
  };
  walk((app as { router?: { stack?: LayerLike[] } } | undefined)?.router?.stack);
  vocabularies.set(app as object, words);
  return words;
}

/** The request's path as logs may show it: route words and UUIDs only, never the query string. */
export function loggedPath(req: Request): string {
  const actual = segmentsOf(req.originalUrl.split('?')[0] ?? '');
  const pattern = routePattern(req);
  if (pattern !== 'unmatched') {
    const shape = segmentsOf(pattern);
    if (shape.length !== actual.length) return pattern;
    return `/${shape.map((s, i) => (s.startsWith(':') && UUID.test(actual[i]!) ? actual[i] : s)).join('/')}`;
  }
  const vocabulary = vocabularyOf(req.app);
  return `/${actual.map((s) => (UUID.test(s) || vocabulary.has(s) ? s : ':redacted')).join('/')}`;
}

export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    // Made on first use: most requests never log (a child logger per request showed in the start path's profile).
    let child: Logger | undefined;
    Object.defineProperty(res.locals, 'log', { get: () => (child ??= log.child({ requestId })), enumerable: true });
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.locals.startedAt = started;
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routePattern(req);
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      const line = {
        method: req.method,
        route,
        path: loggedPath(req),
        status: res.statusCode,
        durationMs: Math.round(seconds * 1000),
      };
      // One info line per request (the security tests read them: test/security/codec-and-logs.test.ts); it costs
      // the execute path ~4 % of its CPU (npm run bench -- --only=start --cpu-prof).
      if (res.statusCode >= 500) res.locals.log.error(line, 'request failed');
      else res.locals.log.info(line, 'request');
    });
    next();
  };
}
