/**
 * The one place that reads process.env. Entry points (api/main, worker/main, the simulator's main and
 * the scripts) call `loadConfig()` once and pass the parts down; nothing below them reads the environment.
 *
 * Every default below is the embedded, single-machine setup that `npm start` brings up: the simulator
 * stands in for Amazon, Temporal's dev server runs on 7233, and the API on 3000. Pointing RecomAMP at the
 * real Amazon is a matter of setting AMC_API_BASE_URL, LWA_* and the client credentials.
 */
import type { TLSConfig } from '@temporalio/client';
import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import { z } from 'zod';
import type { DbSslMode } from './db/connection';

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
  // TLS: `sslmode`/`sslrootcert`/`sslcert`/`sslkey` in DATABASE_URL, or the DATABASE_SSL_* settings (they win).
  DATABASE_URL: optionalString,
  DATABASE_SSL_MODE: z.enum(['disable', 'require', 'verify-ca', 'verify-full']).optional(),
  DATABASE_SSL_CA_FILE: optionalString,
  DATABASE_SSL_CERT_FILE: optionalString,
  DATABASE_SSL_KEY_FILE: optionalString,
  LOCAL_PG_PORT: port(5433),
  /** Connections per pool (an API process has two pools and one LISTEN connection; a worker one pool). */
  DB_POOL_MIN: z.coerce.number().int().min(0).default(0),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Postgres cancels a statement running longer than this (0 = no limit); migrations run without one. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(60_000),
  /** Opening a connection (TCP, TLS and authentication) gives up after this long. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  // Temporal: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_* and the
  // profile file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) are read by the SDK's environment configuration
  // (@temporalio/envconfig, see temporalSettings below); listed here so that an empty value counts as unset.
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: optionalString,
  TEMPORAL_CONFIG_FILE: optionalString,
  TEMPORAL_PROFILE: optionalString,
  TEMPORAL_UI_PORT: port(8233),
  /** The Temporal Web UI as browsers reach it (the console links runs to it); default http://127.0.0.1:<UI port>. */
  TEMPORAL_UI_URL: optionalString,

  // Login with Amazon + AMC. Defaults point at the simulator (AMC_SIM_PORT).
  AMC_SIM_PORT: port(4010),
  AMC_SIM_HOST: z.string().default('127.0.0.1'),
  /** Base of the simulator's download URLs when clients reach it by another name (e.g. http://simulator:4010). */
  AMC_SIM_PUBLIC_URL: optionalString,
  AMC_API_BASE_URL: optionalString,
  /** AMC's host per region (an instance's calls go to its region's); each defaults to AMC_API_BASE_URL. */
  AMC_API_BASE_URL_NA: optionalString,
  AMC_API_BASE_URL_EU: optionalString,
  AMC_API_BASE_URL_FE: optionalString,
  LWA_AUTHORIZE_URL: optionalString,
  LWA_TOKEN_URL: optionalString,
  LWA_PROFILE_URL: optionalString,
  LWA_CLIENT_ID: z.string().default('amzn1.application-oa2-client.recomampdemo0000000000'),
  LWA_CLIENT_SECRET: z.string().default('recomamp-demo-client-secret'),
  LWA_SCOPE: z.string().default('advertising::campaign_management profile'),
  LWA_REDIRECT_URI: optionalString,
  /** One AMC call's time limit; for result downloads, the longest wait for the response or the next chunk. */
  AMC_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Result downloads at once per worker (each spools AMC's files to local disk, then COPYs them). */
  AMC_DOWNLOAD_CONCURRENCY: z.coerce.number().int().positive().default(4),
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
  /** A forced DELETE waits this long for the work it cancelled to close, then terminates what is left. */
  DELETE_CANCEL_WAIT_SECONDS: z.coerce.number().positive().default(30),
  /** A schedule fire this many seconds old with no execution is listed as skipped (it had time to start). */
  SCHEDULE_RUN_GRACE_SECONDS: z.coerce.number().min(0).default(120),
  /** How late Temporal may still start a fire missed during an outage (Temporal duration string). */
  SCHEDULE_CATCHUP_WINDOW: z.string().default('1 day'),

  // AMC quota gate (db/amc-quota.ts): AMC's concurrent-execution limits, shared by every kind of run.
  AMC_MAX_CONCURRENT_PER_INSTANCE: z.coerce.number().int().positive().default(10),
  AMC_MAX_CONCURRENT_PER_ACCOUNT: z.coerce.number().int().positive().default(200),
  /** A waiter that stopped polling this long ago no longer blocks the queue behind it. */
  AMC_QUOTA_STALE_WAITER_SECONDS: z.coerce.number().int().positive().default(600),
  /** A granted slot is a lease renewed by every poll; once expired and its workflow gone, the reconciler frees it. */
  AMC_QUOTA_LEASE_SECONDS: z.coerce.number().int().positive().default(600),
  /** The reconciler (workflows/reconciler.ts): how often it runs, and how long a row must be unchanged first. */
  RECONCILER_INTERVAL_SECONDS: z.coerce.number().int().positive().default(300),
  RECONCILER_QUIET_SECONDS: z.coerce.number().int().positive().default(300),

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
  /**
   * The operator token of /codec/* (sent as `Authorization: Bearer`, or exchanged for a codec session cookie at
   * /codec/session); unset = the endpoint answers 404. At least 24 characters.
   */
  CODEC_AUTH_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 24, 'must be at least 24 characters'),
  /** How long a codec session (the cookie the Temporal UI sends with "Include cross-origin credentials") lasts. */
  CODEC_SESSION_SECONDS: seconds(8 * 3600),
  /**
   * SameSite of the codec session cookie: strict when the Temporal UI and the API share a site (same registrable
   * domain or host, ports aside), none when they do not (then the cookie is Secure and the API must be https).
   */
  CODEC_COOKIE_SAME_SITE: z.enum(['strict', 'lax', 'none']).default('strict'),
  /** Origins allowed to call /codec/* from a browser (the Temporal UI), comma-separated. */
  CODEC_CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233'),
  /** The worker's Prometheus endpoint (its own metrics + the Temporal SDK's) and probes (/health, /ready); 0 = off. */
  WORKER_METRICS_PORT: port(9464),
  /** Where the worker's metrics and probes listen (0.0.0.0 in a container, for Prometheus and the orchestrator). */
  WORKER_METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * After SIGTERM the worker stops polling and lets running activities finish for this long; then it cancels them
   * (a result download stops and is retried on another worker at once) and exits.
   */
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(30),
  /** The worker gives up waiting (exit code 1) this long after SIGTERM; must exceed the grace time. */
  WORKER_SHUTDOWN_FORCE_SECONDS: z.coerce.number().positive().default(45),
  /** After SIGTERM the API answers /ready with 503, finishes open requests and closes streams within this long. */
  API_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(10),
  /** A prebuilt workflow bundle (npm run build:workflows); unset, the worker bundles workflows/ when it starts. */
  WORKFLOW_BUNDLE_PATH: optionalString,
  // Worker sizing (worker/create-worker.ts says why this default): the sticky workflow cache. The
  // worker process's heap flags are worker/process-sizing.ts.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(250),
  /** Where the Temporal SDK runtime serves its Prometheus metrics (the worker's /metrics includes them). */
  WORKER_SDK_METRICS_PORT: port(9465),
  /** Webhook deliveries: per-attempt HTTP timeout and the number of attempts before a delivery is FAILED. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().default(8),
  /** First retry after this many seconds, doubling up to WEBHOOK_RETRY_MAX_SECONDS. */
  WEBHOOK_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(10),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().positive().default(3600),
  /**
   * Tests only: webhooks may target receivers on loopback (127.0.0.0/8, ::1); every other internal address stays
   * refused. NODE_ENV=production refuses to start with it.
   */
  WEBHOOK_ALLOW_LOOPBACK_TARGETS: z.enum(['true', 'false']).default('false'),
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
  db: {
    url: string | undefined;
    ssl: { mode?: DbSslMode; caFile?: string; certFile?: string; keyFile?: string };
    localPort: number;
    poolMin: number;
    poolMax: number;
    statementTimeoutMs: number;
    connectTimeoutMs: number;
  };
  temporal: TemporalSettings;
  amazon: {
    apiBaseUrl: string;
    /** Base URL per AMC region (NA, EU, FE). */
    regionBaseUrls: Record<'NA' | 'EU' | 'FE', string>;
    authorizeUrl: string;
    tokenUrl: string;
    profileUrl: string;
    clientId: string;
    clientSecret: string;
    scope: string;
    redirectUri: string;
    httpTimeoutMs: number;
    downloadConcurrency: number;
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
    deleteCancelWaitSeconds: number;
    pollInitialSeconds: number;
    pollMaxSeconds: number;
  };
  schedules: { runGraceSeconds: number; catchupWindow: string };
  circuit: { failureThreshold: number; openSeconds: number; probeWaitSeconds: number; probeLeaseSeconds: number };
  quota: { perInstance: number; perAccount: number; staleWaiterSeconds: number; leaseSeconds: number };
  reconciler: { intervalSeconds: number; quietSeconds: number; batch: number };
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
    codecSession: { seconds: number; sameSite: 'strict' | 'lax' | 'none'; secure: boolean };
    workerMetricsPort: number;
    workerMetricsHost: string;
    workflowBundlePath: string | undefined;
    workerSdkMetricsPort: number;
    sseHeartbeatSeconds: number;
  };
  webhooks: {
    timeoutMs: number;
    maxAttempts: number;
    initialIntervalSeconds: number;
    maxIntervalSeconds: number;
    /** Production: webhook URLs must be https. */
    httpsOnly: boolean;
    /** Tests only (WEBHOOK_ALLOW_LOOPBACK_TARGETS): receivers on loopback are allowed. */
    allowLoopbackTargets: boolean;
  };
  worker: { maxCachedWorkflows: number };
  shutdown: { workerGraceSeconds: number; workerForceSeconds: number; apiGraceSeconds: number };
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

/** How to reach Temporal: what Connection.connect and NativeConnection.connect take (TLS files already read). */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  uiPort: number;
  /** The Temporal Web UI as browsers reach it (the console links runs to it). */
  uiUrl: string;
  connection: TemporalConnectionOptions;
  /** The settings in words, without secrets (for startup logs and connection errors). */
  description: string;
}

export class ConfigError extends Error {}

const TEMPORAL_DEFAULT_ADDRESS = '127.0.0.1:7233';

/**
 * The Temporal connection the way Temporal's SDKs configure it (@temporalio/envconfig): a profile from the TOML
 * config file (TEMPORAL_CONFIG_FILE, else ~/.config/temporalio/temporal.toml when it exists; TEMPORAL_PROFILE,
 * else `default`), overridden by TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS,
 * TEMPORAL_TLS_CLIENT_CERT_PATH|_DATA, TEMPORAL_TLS_CLIENT_KEY_PATH|_DATA, TEMPORAL_TLS_SERVER_CA_CERT_PATH|_DATA,
 * TEMPORAL_TLS_SERVER_NAME and TEMPORAL_GRPC_META_*. Certificate files are read here, so a missing one stops
 * startup with its name. An API key turns TLS on (Temporal Cloud).
 */
function temporalSettings(env: Record<string, string>, ui: { uiPort: number; uiUrl: string }): TemporalSettings {
  let profile: ReturnType<typeof loadClientConfigProfile>;
  let options: ReturnType<typeof toClientOptions>;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: env });
    const tls = profile.tls;
    if (tls && !tls.disabled && Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
      throw new Error(
        'a client certificate needs its key and a key its certificate (TEMPORAL_TLS_CLIENT_CERT_PATH with TEMPORAL_TLS_CLIENT_KEY_PATH)',
      );
    }
    options = toClientOptions(profile);
  } catch (err) {
    const where = env.TEMPORAL_CONFIG_FILE ? ` (config file ${env.TEMPORAL_CONFIG_FILE})` : '';
    throw new ConfigError(`Invalid Temporal connection settings${where}: ${(err as Error).message}`);
  }
  const { connectionOptions } = options;
  const address = connectionOptions.address ?? TEMPORAL_DEFAULT_ADDRESS;
  const namespace = options.namespace ?? 'default';
  const connection: TemporalConnectionOptions = { address };
  if (connectionOptions.tls != null) connection.tls = connectionOptions.tls;
  if (connectionOptions.apiKey !== undefined) connection.apiKey = connectionOptions.apiKey as string;
  if (profile.grpcMeta) connection.metadata = profile.grpcMeta;
  return { address, namespace, ...ui, connection, description: describeTemporal(connection, namespace, env) };
}

function describeTemporal(c: TemporalConnectionOptions, namespace: string, env: Record<string, string>): string {
  const parts = [`${c.address}, namespace ${namespace}`];
  if (!c.tls) parts.push('plaintext (no TLS)');
  else if (c.tls === true) parts.push('TLS (system CAs)');
  else {
    parts.push(c.tls.clientCertPair ? 'mutual TLS (client certificate)' : 'TLS without a client certificate');
    parts.push(c.tls.serverRootCACertificate ? 'server CA from the settings' : 'system CAs');
    if (c.tls.serverNameOverride) parts.push(`server name ${c.tls.serverNameOverride}`);
  }
  if (c.apiKey) parts.push('API key');
  const profile = env.TEMPORAL_PROFILE ?? (env.TEMPORAL_CONFIG_FILE ? 'default' : undefined);
  if (profile) parts.push(`profile ${profile}`);
  return parts.join(', ');
}

/** The environment as strings, an empty value counting as unset (as everywhere in this file). */
function definedStrings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
}

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
  if (e.NODE_ENV === 'production' && e.WEBHOOK_ALLOW_LOOPBACK_TARGETS === 'true') {
    throw new ConfigError('NODE_ENV=production refuses WEBHOOK_ALLOW_LOOPBACK_TARGETS=true (it is for tests only)');
  }
  if (e.WORKER_SHUTDOWN_FORCE_SECONDS <= e.WORKER_SHUTDOWN_GRACE_SECONDS) {
    throw new ConfigError(
      'Invalid configuration: WORKER_SHUTDOWN_FORCE_SECONDS must exceed WORKER_SHUTDOWN_GRACE_SECONDS',
    );
  }
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
    db: {
      url: e.DATABASE_URL,
      ssl: {
        ...(e.DATABASE_SSL_MODE && { mode: e.DATABASE_SSL_MODE }),
        ...(e.DATABASE_SSL_CA_FILE && { caFile: e.DATABASE_SSL_CA_FILE }),
        ...(e.DATABASE_SSL_CERT_FILE && { certFile: e.DATABASE_SSL_CERT_FILE }),
        ...(e.DATABASE_SSL_KEY_FILE && { keyFile: e.DATABASE_SSL_KEY_FILE }),
      },
      localPort: e.LOCAL_PG_PORT,
      poolMin: e.DB_POOL_MIN,
      poolMax: e.DB_POOL_MAX,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    },
    temporal: temporalSettings(definedStrings(env), {
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`,
    }),
    amazon: {
      apiBaseUrl: e.AMC_API_BASE_URL ?? simBase,
      regionBaseUrls: {
        NA: e.AMC_API_BASE_URL_NA ?? e.AMC_API_BASE_URL ?? simBase,
        EU: e.AMC_API_BASE_URL_EU ?? e.AMC_API_BASE_URL ?? simBase,
        FE: e.AMC_API_BASE_URL_FE ?? e.AMC_API_BASE_URL ?? simBase,
      },
      authorizeUrl: e.LWA_AUTHORIZE_URL ?? `${simBase}/ap/oa`,
      tokenUrl: e.LWA_TOKEN_URL ?? `${simBase}/auth/o2/token`,
      profileUrl: e.LWA_PROFILE_URL ?? `${simBase}/user/profile`,
      clientId: e.LWA_CLIENT_ID,
      clientSecret: e.LWA_CLIENT_SECRET,
      scope: e.LWA_SCOPE,
      redirectUri: e.LWA_REDIRECT_URI ?? `${publicUrl}/api/auth/amazon/callback`,
      httpTimeoutMs: e.AMC_HTTP_TIMEOUT_MS,
      downloadConcurrency: e.AMC_DOWNLOAD_CONCURRENCY,
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
      deleteCancelWaitSeconds: e.DELETE_CANCEL_WAIT_SECONDS,
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
      leaseSeconds: e.AMC_QUOTA_LEASE_SECONDS,
    },
    reconciler: {
      intervalSeconds: e.RECONCILER_INTERVAL_SECONDS,
      quietSeconds: e.RECONCILER_QUIET_SECONDS,
      batch: 500,
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
      codecSession: {
        seconds: e.CODEC_SESSION_SECONDS,
        sameSite: e.CODEC_COOKIE_SAME_SITE,
        secure: e.CODEC_COOKIE_SAME_SITE === 'none' || publicUrl.startsWith('https:'),
      },
      workerMetricsPort: e.WORKER_METRICS_PORT,
      workerMetricsHost: e.WORKER_METRICS_HOST,
      workflowBundlePath: e.WORKFLOW_BUNDLE_PATH,
      workerSdkMetricsPort: e.WORKER_SDK_METRICS_PORT,
      sseHeartbeatSeconds: e.SSE_HEARTBEAT_SECONDS,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      initialIntervalSeconds: e.WEBHOOK_RETRY_INITIAL_SECONDS,
      maxIntervalSeconds: e.WEBHOOK_RETRY_MAX_SECONDS,
      httpsOnly: e.NODE_ENV === 'production',
      allowLoopbackTargets: e.WEBHOOK_ALLOW_LOOPBACK_TARGETS === 'true',
    },
    shutdown: {
      workerGraceSeconds: e.WORKER_SHUTDOWN_GRACE_SECONDS,
      workerForceSeconds: e.WORKER_SHUTDOWN_FORCE_SECONDS,
      apiGraceSeconds: e.API_SHUTDOWN_GRACE_SECONDS,
    },
    worker: {
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
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
