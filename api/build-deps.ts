/** Builds ApiDeps from config and live connections: shared by api/main.ts and the tests. */
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { createAmcClient, createLwaClient } from '../amc/client';
import { createRepositories, type Db } from '../db';
import type { DbSettings } from '../db/connection';
import { createTenantDb } from '../db/tenant-db';
import { createAmazonTokenService } from '../amazon/tokens';
import { parseKeyring } from '../lib/token-sealing';
import { TASK_QUEUES } from '../workflows/task-queues';
import { createAccessTokens } from './auth';
import type { ApiDeps } from './deps';
import { createSessions } from './sessions';
import { loginCookieSettings } from './login-cookie';
import { createEventHub } from './event-hub';
import { metricsSources } from '../observability/metrics-sources';
import { createLogger } from '../observability/logger';
import { instrumentedFetch } from '../amazon/instrumented-fetch';
import { registerScrapeGauges } from '../observability/metrics';
import { createEncryptionCodec } from '../lib/payload-codec';
import { webhookTargetRules, type ResolveHost } from '../services/webhook-target';
import { CONSOLE_DIST } from './console';

/** The retry plan of webhook deliveries (config.webhooks): doubling back-off, bounded attempts. */
export function webhookPlan(config: Config) {
  const { maxAttempts, initialIntervalSeconds, maxIntervalSeconds } = config.webhooks;
  return { maxAttempts, initialIntervalSeconds, maxIntervalSeconds };
}

/** I/O a test may replace: the resolver webhook URLs are checked with (tests never ask real DNS). */
export interface ApiIo {
  resolveHost?: ResolveHost;
}

/** The API's Postgres settings (TLS, pool size, timeouts): its owner pool, tenant pool and LISTEN connection. */
export function apiDbSettings(config: Config): DbSettings {
  return { ...config.db, url: config.db.url!, applicationName: 'recomamp-api' };
}

export function buildApiDeps(
  config: Config,
  db: Db,
  temporal: Client,
  overrides: Partial<ApiDeps['settings']> = {},
  io: ApiIo = {},
): ApiDeps {
  const repos = createRepositories(db);
  const database = apiDbSettings(config);
  // Its own pool: every checkout runs as the request's user under row-level security (close it with db).
  const tenantRepos = createRepositories(createTenantDb(database));
  const { amazon, auth, executions } = config;
  const lwa = createLwaClient({ ...amazon, timeoutMs: amazon.httpTimeoutMs, fetchImpl: instrumentedFetch() });
  const accessTokens = createAccessTokens(auth);
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  registerScrapeGauges(metricsSources(db));
  return {
    repos: tenantRepos,
    systemRepos: repos,
    temporal,
    lwa,
    amc: createAmcClient({
      baseUrl: amazon.apiBaseUrl,
      regionBaseUrls: amazon.regionBaseUrls,
      clientId: amazon.clientId,
      timeoutMs: amazon.httpTimeoutMs,
      fetchImpl: instrumentedFetch(),
    }),
    amazonTokens: createAmazonTokenService({
      db,
      users: repos.users,
      lwa,
      keyring: parseKeyring(auth.sealingKeys),
      refreshBufferSeconds: amazon.refreshBufferSeconds,
    }),
    accessTokens,
    sessions: createSessions({
      db,
      refreshTokens: repos.refreshTokens,
      accessTokens,
      accessTokenTtlSeconds: auth.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: auth.refreshTokenTtlSeconds,
    }),
    settings: {
      jsonBodyLimit: config.api.jsonBodyLimit,
      corsOrigins: config.api.corsOrigins,
      rateLimit: config.api.rateLimit,
      rateLimitNamespace: '',
      oauthStateTtlSeconds: auth.oauthStateTtlSeconds,
      loginCookie: loginCookieSettings(amazon.redirectUri, auth.oauthStateTtlSeconds),
      defaultLookbackDays: executions.defaultLookbackDays,
      defaultLagDays: executions.defaultLagDays,
      deleteCancelWaitSeconds: executions.deleteCancelWaitSeconds,
      pollInitialSeconds: executions.pollInitialSeconds,
      pollMaxSeconds: executions.pollMaxSeconds,
      taskQueue: TASK_QUEUES.amc,
      collections: config.collections,
      scheduleRunGraceSeconds: config.schedules.runGraceSeconds,
      scheduleCatchupWindow: config.schedules.catchupWindow,
      console: {
        dir: CONSOLE_DIST,
        temporalUiUrl: config.temporal.uiUrl,
        temporalNamespace: config.temporal.namespace,
      },
      ...overrides,
    },
    log: (msg, extra) => logger.error(extra ?? {}, msg),
    logger,
    observability: {
      codec: createEncryptionCodec(parseKeyring(config.observability.payloadKeys)),
      codecAuthToken: config.observability.codecAuthToken,
      codecCorsOrigins: config.observability.codecCorsOrigins,
      codecSession: config.observability.codecSession,
      sseHeartbeatSeconds: config.observability.sseHeartbeatSeconds,
      events: createEventHub({ database, log: logger }),
    },
    webhooks: {
      keyring: parseKeyring(auth.sealingKeys),
      targets: webhookTargetRules(config.webhooks, io.resolveHost),
      ...webhookPlan(config),
    },
  };
}
