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
import type { LoginCookieSettings } from './login-cookie';
import type { WebhookTargetRules } from '../services/webhook-target';
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
    /** Prefix of this deployment's rate-limit keys in Postgres (shared by its API processes). */
    rateLimitNamespace: string;
    oauthStateTtlSeconds: number;
    /** The cookie binding a login's state to its client (api/login-cookie.ts). */
    loginCookie: LoginCookieSettings;
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
    codecSession: Config['observability']['codecSession'];
    sseHeartbeatSeconds: number;
    events: EventHub;
  };
  /** Webhooks: the keyring sealing their secrets, where they may point, and the retry plan a replay starts with. */
  webhooks: {
    keyring: SealingKeyring;
    targets: WebhookTargetRules;
    maxAttempts: number;
    initialIntervalSeconds: number;
    maxIntervalSeconds: number;
  };
}
