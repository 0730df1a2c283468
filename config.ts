/**
 * The one place that reads process.env. Entry points (api/main, worker/main, the simulator's main and
 * the scripts) call `loadConfig()` once and pass the parts down; nothing below them reads the environment.
 *
 * Every default below is the embedded, single-machine setup that `npm start` brings up: the simulator
 * stands in for Amazon, Temporal's dev server runs on 7233, and the API on 3000. Pointing RecomAMP at the
 * real Amazon is a matter of setting AMC_API_BASE_URL, LWA_* and the client credentials.
 */
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  // API
  PORT: port(3000),
  API_HOST: z.string().default('127.0.0.1'),
  PUBLIC_API_URL: optionalString,
  JSON_BODY_LIMIT: z.string().default('256kb'),
  /** Browser origins allowed to call the API (comma-separated; empty = no cross-origin browser access). */
  CORS_ORIGINS: z.string().default(''),
  /** Rate limits per window (0 = off): per client IP on /api/auth/*, per user on authenticated /api/*. */
  RATE_LIMIT_WINDOW_SECONDS: seconds(60),
  RATE_LIMIT_AUTH_PER_IP: z.coerce.number().int().min(0).default(60),
  RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).default(1200),

  // Postgres: when DATABASE_URL is unset, scripts/start.ts starts a local server under .data/postgres.
  DATABASE_URL: optionalString,
  LOCAL_PG_PORT: port(5433),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),

  // Temporal
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_UI_PORT: port(8233),
  /** The Temporal Web UI as browsers reach it (the console links runs to it); default http://127.0.0.1:<UI port>. */
  TEMPORAL_UI_URL: optionalString,

  // Login with Amazon + AMC. Defaults point at the simulator (AMC_SIM_PORT).
  AMC_SIM_PORT: port(4010),
  AMC_SIM_HOST: z.string().default('127.0.0.1'),
  /** Base of the simulator's download URLs when clients reach it by another name (e.g. http://simulator:4010). */
  AMC_SIM_PUBLIC_URL: optionalString,
  AMC_API_BASE_URL: optionalString,
  LWA_AUTHORIZE_URL: optionalString,
  LWA_TOKEN_URL: optionalString,
  LWA_PROFILE_URL: optionalString,
  LWA_CLIENT_ID: z.string().default('amzn1.application-oa2-client.recomampdemo0000000000'),
  LWA_CLIENT_SECRET: z.string().default('recomamp-demo-client-secret'),
  LWA_SCOPE: z.string().default('advertising::campaign_management profile'),
  LWA_REDIRECT_URI: optionalString,
  AMC_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Circuit breaker per AMC instance (amazon/circuit-breaker.ts): consecutive unhealthy answers that open it. */
  AMC_CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().positive().default(5),
  /** An open circuit lets one probe call through after this many seconds (or AMC's Retry-After, if longer). */
  AMC_CIRCUIT_OPEN_SECONDS: z.coerce.number().positive().default(30),
  /** While a probe is out, other calls wait this long before asking again. */
  AMC_CIRCUIT_PROBE_WAIT_SECONDS: z.coerce.number().positive().default(5),
  /** A probe that has not reported back after this long (its worker died) is handed to the next caller. */
  AMC_CIRCUIT_PROBE_LEASE_SECONDS: z.coerce.number().positive().default(90),
  /** Refresh an Amazon access token when it expires within this many seconds. */
  AMAZON_TOKEN_REFRESH_BUFFER_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(15 * 60),
  /** The background refresh (Temporal Schedule recomamp-token-refresh) runs this often... */
  TOKEN_REFRESH_INTERVAL_SECONDS: seconds(5 * 60),
  /** ...and refreshes at most this many users at once. */
  TOKEN_REFRESH_PARALLELISM: z.coerce.number().int().positive().default(10),

  // Secrets. The defaults are for the local demo only; production must set both.
  JWT_SECRET: z.string().min(32).default('recomamp-local-development-jwt-secret-change-me'),
  JWT_ISSUER: z.string().default('recomamp'),
  JWT_AUDIENCE: z.string().default('recomamp-api'),
  ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600),
  OAUTH_STATE_TTL_SECONDS: seconds(10 * 60),
  /** base64 of 32 bytes; `<version>:<base64>` pairs separated by commas, the first one seals new tokens. */
  TOKEN_SEALING_KEYS: z.string().default('v1:cmVjb21hbXAtbG9jYWwtZGVtby1zZWFsaW5nLWtleSE='),

  // Execution defaults
  DEFAULT_LOOKBACK_DAYS: z.coerce.number().int().positive().default(7),
  DEFAULT_LAG_DAYS: z.coerce.number().int().min(0).default(14),
  AMC_POLL_INITIAL_SECONDS: z.coerce.number().positive().default(5),
  AMC_POLL_MAX_SECONDS: z.coerce.number().positive().default(60),
  /** A schedule fire this many seconds old with no execution is listed as skipped (it had time to start). */
  SCHEDULE_RUN_GRACE_SECONDS: z.coerce.number().min(0).default(120),
  /** How late Temporal may still start a fire missed during an outage (Temporal duration string). */
  SCHEDULE_CATCHUP_WINDOW: z.string().default('1 day'),

  // AMC quota gate (db/amc-quota.ts): AMC's concurrent-execution limits, shared by every kind of run.
  AMC_MAX_CONCURRENT_PER_INSTANCE: z.coerce.number().int().positive().default(10),
  AMC_MAX_CONCURRENT_PER_ACCOUNT: z.coerce.number().int().positive().default(200),
  /** A waiter that stopped polling this long ago no longer blocks the queue behind it. */
  AMC_QUOTA_STALE_WAITER_SECONDS: z.coerce.number().int().positive().default(600),

  // Data collections (multi-week backfills)
  /** A week runs only once its end is this many days past (AMC's 48 h data SLA). */
  COLLECTION_DATA_LAG_DAYS: z.coerce.number().min(0).default(2),
  /** Automatic retries of a failed week (REJECTED and compile errors are never retried). */
  COLLECTION_WEEK_RETRY_LIMIT: z.coerce.number().int().min(0).default(3),
  /** First automatic retry after this many seconds, doubling per retry. */
  COLLECTION_RETRY_BACKOFF_SECONDS: z.coerce.number().positive().default(60),
  /** The collection workflow continues as new after this many finished weeks (keeps history small). */
  COLLECTION_CONTINUE_AS_NEW_AFTER_WEEKS: z.coerce.number().int().positive().default(50),
  /**
   * Weeks in flight per collection. Twice the instance limit: the extra weeks wait at the quota gate, so a freed
   * slot is taken at once while the finished week still downloads (npm run bench -- --only=backfill: 52 weeks at
   * limit 10 took 1.48x the ideal with 20 in flight, 2.16x with 10).
   */
  COLLECTION_DEFAULT_CONCURRENCY: z.coerce.number().int().positive().default(20),
  COLLECTION_MAX_WEEKS: z.coerce.number().int().positive().default(520),

  // Operators and integrations (issue #8)
  /** Temporal payload encryption keys (lib/payload-codec.ts), same format as TOKEN_SEALING_KEYS. */
  TEMPORAL_PAYLOAD_KEYS: z.string().default('v1:cmVjb21hbXAtbG9jYWwtZGVtby1wYXlsb2FkLWtleSE='),
  /** Bearer token the Temporal UI's codec server setting must send to /codec/*; unset = the endpoint answers 404. */
  CODEC_AUTH_TOKEN: optionalString,
  /** Origins allowed to call /codec/* from a browser (the Temporal UI), comma-separated. */
  CODEC_CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233'),
  /** The worker's Prometheus endpoint (its own metrics + the Temporal SDK's); 0 = off. */
  WORKER_METRICS_PORT: port(9464),
  /** A prebuilt workflow bundle (npm run build:workflows); unset, the worker bundles workflows/ when it starts. */
  WORKFLOW_BUNDLE_PATH: optionalString,
  // Worker sizing (worker/create-worker.ts says why these defaults): sticky workflow cache, task slots. The
  // worker process's heap flags are worker/process-sizing.ts.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(250),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().positive().default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
  /** Where the Temporal SDK runtime serves its Prometheus metrics (the worker's /metrics includes them). */
  WORKER_SDK_METRICS_PORT: port(9465),
  /** Webhook deliveries: per-attempt HTTP timeout and the number of attempts before a delivery is FAILED. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  /** First retry after this many seconds, doubling up to WEBHOOK_RETRY_MAX_SECONDS. */
  WEBHOOK_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(10),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().positive().default(3600),
  /** Server-Sent Events heartbeat (a comment line) interval. */
  SSE_HEARTBEAT_SECONDS: z.coerce.number().positive().default(15),

  // Simulator knobs (see amc/simulator)
  SIM_EXECUTION_SECONDS: z.coerce.number().min(0).default(8),
  SIM_PENDING_SECONDS: z.coerce.number().min(0).default(1),
  SIM_ACCESS_TOKEN_TTL_SECONDS: seconds(3600),
  SIM_CONCURRENCY_LIMIT: z.coerce.number().int().positive().default(10),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  api: {
    port: number;
    host: string;
    publicUrl: string;
    jsonBodyLimit: string;
    corsOrigins: string[];
    rateLimit: { windowSeconds: number; authPerIp: number; perUser: number };
  };
  db: { url: string | undefined; localPort: number; poolMax: number };
  temporal: { address: string; namespace: string; uiPort: number; uiUrl: string };
  amazon: {
    apiBaseUrl: string;
    authorizeUrl: string;
    tokenUrl: string;
    profileUrl: string;
    clientId: string;
    clientSecret: string;
    scope: string;
    redirectUri: string;
    httpTimeoutMs: number;
    refreshBufferSeconds: number;
    refreshIntervalSeconds: number;
    refreshParallelism: number;
  };
  auth: {
    jwtSecret: string;
    jwtIssuer: string;
    jwtAudience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    oauthStateTtlSeconds: number;
    sealingKeys: string;
  };
  executions: {
    defaultLookbackDays: number;
    defaultLagDays: number;
    pollInitialSeconds: number;
    pollMaxSeconds: number;
  };
  schedules: { runGraceSeconds: number; catchupWindow: string };
  circuit: { failureThreshold: number; openSeconds: number; probeWaitSeconds: number; probeLeaseSeconds: number };
  quota: { perInstance: number; perAccount: number; staleWaiterSeconds: number };
  collections: {
    dataLagDays: number;
    weekRetryLimit: number;
    retryBackoffSeconds: number;
    continueAsNewAfterWeeks: number;
    defaultConcurrency: number;
    maxWeeks: number;
  };
  observability: {
    payloadKeys: string;
    codecAuthToken: string | undefined;
    codecCorsOrigins: string[];
    workerMetricsPort: number;
    workflowBundlePath: string | undefined;
    workerSdkMetricsPort: number;
    sseHeartbeatSeconds: number;
  };
  webhooks: { timeoutMs: number; maxAttempts: number; initialIntervalSeconds: number; maxIntervalSeconds: number };
  worker: { maxCachedWorkflows: number; maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number };
  simulator: {
    port: number;
    host: string;
    publicUrl: string | undefined;
    executionSeconds: number;
    pendingSeconds: number;
    accessTokenTtlSeconds: number;
    concurrencyLimit: number;
  };
}

export class ConfigError extends Error {}

/** The demo defaults of the secrets: published in this file, so production must never run on them. */
const DEMO_SECRETS = ['JWT_SECRET', 'TOKEN_SEALING_KEYS', 'LWA_CLIENT_SECRET', 'TEMPORAL_PAYLOAD_KEYS'] as const;

function refuseDemoSecrets(env: NodeJS.ProcessEnv, e: z.infer<typeof envSchema>): void {
  const defaults = envSchema.parse({});
  const unset = DEMO_SECRETS.filter((name) => !env[name] || e[name] === defaults[name]);
  if (unset.length > 0) {
    throw new ConfigError(`NODE_ENV=production refuses the demo defaults of ${unset.join(', ')}: set your own secrets`);
  }
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production') refuseDemoSecrets(env, e);
  const simBase = `http://127.0.0.1:${e.AMC_SIM_PORT}`;
  const publicUrl = e.PUBLIC_API_URL ?? `http://127.0.0.1:${e.PORT}`;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    api: {
      port: e.PORT,
      host: e.API_HOST,
      publicUrl,
      jsonBodyLimit: e.JSON_BODY_LIMIT,
      corsOrigins: e.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      rateLimit: {
        windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
        authPerIp: e.RATE_LIMIT_AUTH_PER_IP,
        perUser: e.RATE_LIMIT_PER_USER,
      },
    },
    db: { url: e.DATABASE_URL, localPort: e.LOCAL_PG_PORT, poolMax: e.DB_POOL_MAX },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`,
    },
    amazon: {
      apiBaseUrl: e.AMC_API_BASE_URL ?? simBase,
      authorizeUrl: e.LWA_AUTHORIZE_URL ?? `${simBase}/ap/oa`,
      tokenUrl: e.LWA_TOKEN_URL ?? `${simBase}/auth/o2/token`,
      profileUrl: e.LWA_PROFILE_URL ?? `${simBase}/user/profile`,
      clientId: e.LWA_CLIENT_ID,
      clientSecret: e.LWA_CLIENT_SECRET,
      scope: e.LWA_SCOPE,
      redirectUri: e.LWA_REDIRECT_URI ?? `${publicUrl}/api/auth/amazon/callback`,
      httpTimeoutMs: e.AMC_HTTP_TIMEOUT_MS,
      refreshBufferSeconds: e.AMAZON_TOKEN_REFRESH_BUFFER_SECONDS,
      refreshIntervalSeconds: e.TOKEN_REFRESH_INTERVAL_SECONDS,
      refreshParallelism: e.TOKEN_REFRESH_PARALLELISM,
    },
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwtIssuer: e.JWT_ISSUER,
      jwtAudience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      oauthStateTtlSeconds: e.OAUTH_STATE_TTL_SECONDS,
      sealingKeys: e.TOKEN_SEALING_KEYS,
    },
    executions: {
      defaultLookbackDays: e.DEFAULT_LOOKBACK_DAYS,
      defaultLagDays: e.DEFAULT_LAG_DAYS,
      pollInitialSeconds: e.AMC_POLL_INITIAL_SECONDS,
      pollMaxSeconds: e.AMC_POLL_MAX_SECONDS,
    },
    schedules: { runGraceSeconds: e.SCHEDULE_RUN_GRACE_SECONDS, catchupWindow: e.SCHEDULE_CATCHUP_WINDOW },
    circuit: {
      failureThreshold: e.AMC_CIRCUIT_FAILURE_THRESHOLD,
      openSeconds: e.AMC_CIRCUIT_OPEN_SECONDS,
      probeWaitSeconds: e.AMC_CIRCUIT_PROBE_WAIT_SECONDS,
      probeLeaseSeconds: e.AMC_CIRCUIT_PROBE_LEASE_SECONDS,
    },
    quota: {
      perInstance: e.AMC_MAX_CONCURRENT_PER_INSTANCE,
      perAccount: e.AMC_MAX_CONCURRENT_PER_ACCOUNT,
      staleWaiterSeconds: e.AMC_QUOTA_STALE_WAITER_SECONDS,
    },
    collections: {
      dataLagDays: e.COLLECTION_DATA_LAG_DAYS,
      weekRetryLimit: e.COLLECTION_WEEK_RETRY_LIMIT,
      retryBackoffSeconds: e.COLLECTION_RETRY_BACKOFF_SECONDS,
      continueAsNewAfterWeeks: e.COLLECTION_CONTINUE_AS_NEW_AFTER_WEEKS,
      defaultConcurrency: e.COLLECTION_DEFAULT_CONCURRENCY,
      maxWeeks: e.COLLECTION_MAX_WEEKS,
    },
    observability: {
      payloadKeys: e.TEMPORAL_PAYLOAD_KEYS,
      codecAuthToken: e.CODEC_AUTH_TOKEN,
      codecCorsOrigins: e.CODEC_CORS_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      workerMetricsPort: e.WORKER_METRICS_PORT,
      workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
      workerSdkMetricsPort: e.WORKER_SDK_METRICS_PORT,
      sseHeartbeatSeconds: e.SSE_HEARTBEAT_SECONDS,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      initialIntervalSeconds: e.WEBHOOK_RETRY_INITIAL_SECONDS,
      maxIntervalSeconds: e.WEBHOOK_RETRY_MAX_SECONDS,
    },
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    },
    simulator: {
      port: e.AMC_SIM_PORT,
      host: e.AMC_SIM_HOST,
      publicUrl: e.AMC_SIM_PUBLIC_URL,
      executionSeconds: e.SIM_EXECUTION_SECONDS,
      pendingSeconds: e.SIM_PENDING_SECONDS,
      accessTokenTtlSeconds: e.SIM_ACCESS_TOKEN_TTL_SECONDS,
      concurrencyLimit: e.SIM_CONCURRENCY_LIMIT,
    },
  };
}
