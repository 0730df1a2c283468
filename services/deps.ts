/**
 * What the use cases need. The API builds it once (api/build-deps.ts: ApiDeps extends it); activities pass the
 * narrow part a use case declares (`Pick<>` of repositories), so each service states exactly what it touches.
 */
import type { Client } from '@temporalio/client';
import type { AmcClient } from '../amc/client';
import type { Config } from '../config';
import type { Repositories } from '../db';
import type { AmazonTokenService } from '../amazon/tokens';

export interface ServiceSettings {
  defaultLookbackDays: number;
  defaultLagDays: number;
  /** A forced DELETE waits this long for cancelled work to close before terminating it (services/delete-dependents.ts). */
  deleteCancelWaitSeconds?: number;
  pollInitialSeconds: number;
  pollMaxSeconds: number;
  /** Per-attempt activity timeout of started executions (tests and chaos runs shorten it); presets when unset. */
  attemptTimeoutSeconds?: number;
  /** Longest interval between retries of started workflows' bookkeeping (attempts unbounded; chaos tests shorten it). */
  bookkeepingRetryMaxSeconds?: number;
  taskQueue: string;
  /** Data collections (config.collections). */
  collections: Config['collections'];
  scheduleRunGraceSeconds: number;
  scheduleCatchupWindow: string;
}

export interface ServiceDeps {
  /**
   * In the API, tenant-scoped (db/tenant-db.ts): inside a request every query runs under row-level security as
   * the caller.
   */
  repos: Repositories;
  temporal: Client;
  amc: AmcClient;
  amazonTokens: AmazonTokenService;
  settings: ServiceSettings;
}
