/** What the API needs, built once by api/main.ts (and by tests with real Postgres and Temporal): the services' deps and more. */
import type { Config } from '../config';
import type { LwaClient } from '../amc/client';
import type { Repositories } from '../db';
import type { ServiceDeps, ServiceSettings } from '../services/deps';
import type { AccessTokens } from './auth';
import type { Sessions } from './sessions';
import type { EventHub } from './event-hub';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from '../observability/logger';
import type { SealingKeyring } from '../lib/token-sealing';
import type { ConsoleSettings } from './console';

export interface ApiDeps extends ServiceDeps {
  /** The owner connection (system context): the auth flow, which acts before there is a caller. */
  systemRepos: Repositories;
  lwa: LwaClient;
  accessTokens: AccessTokens;
  sessions: Sessions;
  settings: ServiceSettings & {
    jsonBodyLimit: string;
    corsOrigins: string[];
    rateLimit: Config['api']['rateLimit'];
    oauthStateTtlSeconds: number;
    /** The web console served at / (api/console.ts). */
    console: ConsoleSettings;
  };
  log: (msg: string, extra?: Record<string, unknown>) => void;
  /** The process's pino logger (observability/logger.ts); request handlers use `res.locals.log`, which carries the request id. */
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
