/** createApp(deps): the Express app with every route, not listening (tests start it on port 0). */
import express from 'express';
import { currentUserId, requireAuth } from './auth';
import type { ApiDeps } from './deps';
import { errorHandler, unknownRoute } from './errors';
import { authRateLimit, corsAllowList, securityHeaders, userRateLimit } from './http-hardening';
import { runAsTenant } from '../db/tenant-db';
import { requestContext } from './request-context';
import { createAuthRouter } from './routes/auth';
import { createCodecRouter } from './routes/codec';
import { createCollectionEventsRouter, createExecutionEventsRouter } from './routes/events';
import { createObservabilityRouter } from './routes/observability';
import { createWebhooksRouter } from './routes/webhooks';
import { createBuildGuidesRouter } from './routes/build-guides';
import { createConsoleRouter } from './console';
import { createDataSourcesRouter } from './routes/data-sources';
import { createDataCollectionsRouter } from './routes/data-collections';
import { createExecutionsRouter } from './routes/executions';
import { createHealthRouter } from './routes/health';
import { createInstancesRouter } from './routes/instances';
import { createQueryTemplatesRouter } from './routes/query-templates';
import { createSavedQueriesRouter } from './routes/saved-queries';
import { createSavedQuerySchedulesRouter, createSchedulesRouter } from './routes/schedules';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple'); // no nested objects from ?a[b]=c
  app.use(requestContext(deps.logger)); // X-Request-Id, request log line, latency histogram
  // The Temporal UI's codec server: its own CORS (the UI's origin), operator token and body limit.
  app.use('/codec', createCodecRouter(deps));
  app.use(securityHeaders());
  app.use(corsAllowList(deps.settings));
  app.use(express.json({ limit: deps.settings.jsonBodyLimit }));
  // Row-level security (db/tenant-db.ts): no user until requireAuth has verified one, the caller after.
  app.use((_req, _res, next) => runAsTenant(null, next));

  app.use(createHealthRouter(deps));
  app.use(createObservabilityRouter());
  app.use('/api/auth', authRateLimit(deps.settings, deps.systemRepos.rateLimits), createAuthRouter(deps));
  app.use('/api', requireAuth(deps.accessTokens, deps.sessions.isOpen));
  app.use('/api', (_req, res, next) => runAsTenant(currentUserId(res), next));
  app.use('/api', userRateLimit(deps.settings, deps.systemRepos.rateLimits));
  app.use('/api/instances', createInstancesRouter(deps));
  app.use('/api/workflows', createSavedQueriesRouter(deps));
  app.use('/api/workflows', createSavedQuerySchedulesRouter(deps));
  app.use('/api/schedules', createSchedulesRouter(deps));
  app.use('/api/executions', createExecutionsRouter(deps));
  app.use('/api/executions', createExecutionEventsRouter(deps));
  app.use('/api/data-collections', createCollectionEventsRouter(deps));
  app.use('/api/webhooks', createWebhooksRouter(deps));
  app.use('/api/data-collections', createDataCollectionsRouter(deps));
  app.use('/api/query-templates', createQueryTemplatesRouter(deps));
  app.use('/api/data-sources', createDataSourcesRouter(deps));
  app.use('/api/build-guides', createBuildGuidesRouter(deps));

  // The web console's files and client routes (after the API: /api/* never reaches it).
  app.use(createConsoleRouter(deps.settings.console));
  app.use(unknownRoute);
  app.use(errorHandler((msg, extra) => deps.log(msg, extra)));
  return app;
}
