/** All activities, built from their dependencies; the worker registers what this returns. */
import type { AmcClient } from '../amc/client';
import type { Repositories } from '../db';
import type { QuotaLimits } from '../db/amc-quota';
import type { AmazonTokenService } from '../amazon/tokens';
import { createCircuitBreaker, DEFAULT_CIRCUIT_SETTINGS, type CircuitSettings } from '../amazon/circuit-breaker';
import { createAmcExecutionActivities } from './amc-executions';
import { createAmcQuotaActivities, DEFAULT_QUOTA_LIMITS } from './amc-quota';
import { createAmcSession } from './amc-session';
import { repairInstanceDetails } from '../services/resolve-instance';
import { createDataCollectionActivities } from './data-collections';
import type { ResultDownloadSettings } from './result-download';
import { createReconcilerActivities, type ReconcilerActivitiesDeps } from './reconciler';
import { createScheduleActivities } from './schedules';
import { createTokenRefreshActivities } from './token-refresh';
import { createWebhookActivities, type WebhookSettings } from './webhooks';

export interface ActivityDeps {
  repos: Pick<
    Repositories,
    | 'amcInstances'
    | 'amcAccounts'
    | 'executions'
    | 'executionResults'
    | 'schedules'
    | 'savedQueries'
    | 'amcQuota'
    | 'dataCollections'
    | 'amcCircuits'
    | 'webhooks'
    | 'tokenRefresh'
    | 'amcRunDurations'
    | 'reconciler'
    | 'db'
  >;
  amc: AmcClient;
  tokens: Pick<AmazonTokenService, 'getAccessToken' | 'refreshUserToken'>;
  /** AMC's concurrency limits for the quota gate (config.quota); AMC's documented defaults when omitted. */
  quota?: QuotaLimits;
  /** The per-instance AMC circuit breaker (config.circuit); defaults when omitted. */
  circuit?: CircuitSettings;
  /** Webhook delivery (keyring that opens webhook secrets, timeouts, attempts); without it no webhook is sent. */
  webhooks?: WebhookSettings;
  /** Result downloads at once in this worker (config.amazon.downloadConcurrency); 4 when omitted. */
  downloads?: ResultDownloadSettings;
  /**
   * How the reconciler restarts a collection whose workflow is gone and writes Temporal Schedules (the API's
   * settings); without it, it does neither.
   */
  reconcilerSettings?: ReconcilerActivitiesDeps['settings'];
}

export function createActivities(deps: ActivityDeps) {
  const breaker = createCircuitBreaker({
    circuits: deps.repos.amcCircuits,
    settings: deps.circuit ?? DEFAULT_CIRCUIT_SETTINGS,
  });
  const withAmc = createAmcSession({
    amcInstances: deps.repos.amcInstances,
    tokens: deps.tokens,
    breaker,
    repairDetails: (accessToken, instance) =>
      repairInstanceDetails(
        { amc: deps.amc, amcAccounts: deps.repos.amcAccounts, amcInstances: deps.repos.amcInstances },
        accessToken,
        instance,
      ),
  });
  return {
    ...createAmcQuotaActivities({
      amcQuota: deps.repos.amcQuota,
      limits: deps.quota ?? DEFAULT_QUOTA_LIMITS,
      verifyInstance: async (target) => {
        await withAmc(target, (ctx) => deps.amc.getInstance(ctx));
        await deps.repos.amcInstances.markVerified(target.instanceUuid);
      },
    }),
    ...createDataCollectionActivities({
      dataCollections: deps.repos.dataCollections,
      executions: deps.repos.executions,
      savedQueries: deps.repos.savedQueries,
    }),
    ...createAmcExecutionActivities({
      amc: deps.amc,
      withAmc,
      executions: deps.repos.executions,
      executionResults: deps.repos.executionResults,
      runDurations: deps.repos.amcRunDurations,
      ...(deps.downloads && { downloads: deps.downloads }),
      renewQuotaLease: (executionId) => deps.repos.amcQuota.renewLease(executionId, deps.quota ?? DEFAULT_QUOTA_LIMITS),
    }),
    ...createWebhookActivities({ repos: deps.repos, settings: deps.webhooks }),
    ...createTokenRefreshActivities({
      tokens: deps.tokens,
      tokenRefresh: deps.repos.tokenRefresh,
      schedules: deps.repos.schedules,
    }),
    ...createScheduleActivities({
      schedules: deps.repos.schedules,
      savedQueries: deps.repos.savedQueries,
      executions: deps.repos.executions,
    }),
    ...createReconcilerActivities({
      reconciler: deps.repos.reconciler,
      executions: deps.repos.executions,
      amcQuota: deps.repos.amcQuota,
      repos: deps.repos,
      limits: deps.quota ?? DEFAULT_QUOTA_LIMITS,
      ...(deps.reconcilerSettings && { settings: deps.reconcilerSettings }),
    }),
  };
}

/** Workflows type their activity proxies with this. */
export type Activities = ReturnType<typeof createActivities>;
