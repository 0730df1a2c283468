/**
 * First middleware of the app: a request id (a sane incoming `X-Request-Id` is kept, else a new UUID) echoed on
 * every response and put on `res.locals.log` (a pino child logger, made on first use), a JSON log line per request
 * (debug; failed requests at error), and the latency histogram by route pattern (`req.baseUrl` +
 * `req.route.path`, never the raw URL with ids).
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
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1000),
      };
      // The access log is debug: a line per request cost the execute path ~4 % of its CPU (npm run bench --
      // --only=start --cpu-prof). Failures stay visible; LOG_LEVEL=debug brings every request back.
      if (res.statusCode >= 500) res.locals.log.error(line, 'request failed');
      else if (log.isLevelEnabled('debug')) res.locals.log.debug(line, 'request');
    });
    next();
  };
}
