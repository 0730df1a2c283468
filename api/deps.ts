/** What the API needs, built once by api/main.ts (and by tests with real Postgres and Temporal). */
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { AmcClient, LwaClient } from '../amc/client';
import type { Repositories } from '../db';
import type { AmazonTokenService } from '../lib/amazon-tokens';
import type { AccessTokens } from './auth';
import type { Sessions } from './sessions';
import type { EventHub } from './event-hub';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from '../lib/logger';
import type { SealingKeyring } from '../lib/token-sealing';
import type { ConsoleSettings } from './console';

export interface ApiDeps {
  /**
   * Tenant-scoped (db/tenant-db.ts): inside a request, every query runs under row-level security as the
   * caller. Routers use these.
   */
  repos: Repositories;
  /** The owner connection (system context): the auth flow, which acts before there is a caller. */
  systemRepos: Repositories;
  temporal: Client;
  amc: AmcClient;
  lwa: LwaClient;
  amazonTokens: AmazonTokenService;
  accessTokens: AccessTokens;
  sessions: Sessions;
  settings: {
    jsonBodyLimit: string;
    corsOrigins: string[];
    rateLimit: Config['api']['rateLimit'];
    oauthStateTtlSeconds: number;
    defaultLookbackDays: number;
    defaultLagDays: number;
    pollInitialSeconds: number;
    pollMaxSeconds: number;
    /** Per-attempt activity timeout of started executions (tests and chaos runs shorten it); presets when unset. */
    attemptTimeoutSeconds?: number;
    taskQueue: string;
    /** Data collections (config.collections). */
    collections: Config['collections'];
    scheduleRunGraceSeconds: number;
    scheduleCatchupWindow: string;
    /** The web console served at / (api/console.ts). */
    console: ConsoleSettings;
  };
  log: (msg: string, extra?: Record<string, unknown>) => void;
  /** The process's pino logger (lib/logger.ts); request handlers use `res.locals.log`, which carries the request id. */
  logger: Logger;
  /** Issue #8: payload codec endpoint, Server-Sent Events. */
  observability: {
    codec: PayloadCodec;
    codecAuthToken: string | undefined;
    codecCorsOrigins: string[];
    sseHeartbeatSeconds: number;
    events: EventHub;
  };
  /** Webhooks: the keyring sealing their secrets and the delivery retry plan a replay starts with. */
  webhooks: {
    keyring: SealingKeyring;
    maxAttempts: number;
    initialIntervalSeconds: number;
    maxIntervalSeconds: number;
  };
}
