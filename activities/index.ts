/** All activities, built from their dependencies; the worker registers what this returns. */
import type { AmcClient } from '../amc/client';
import type { Repositories } from '../db';
import type { QuotaLimits } from '../db/amc-quota';
import type { AmazonTokenService } from '../lib/amazon-tokens';
import { createAmcExecutionActivities } from './amc-executions';
import { createAmcQuotaActivities, DEFAULT_QUOTA_LIMITS } from './amc-quota';
import { createAmcSession } from './amc-session';
import { createDataCollectionActivities } from './data-collections';
import { createScheduleActivities } from './schedules';
import { createTokenRefreshActivities } from './token-refresh';

export interface ActivityDeps {
  repos: Pick<Repositories, 'amcInstances' | 'executions' | 'executionResults' | 'schedules' | 'savedQueries' | 'amcQuota' | 'dataCollections' | 'tokenRefresh'>;
  amc: AmcClient;
  tokens: Pick<AmazonTokenService, 'getAccessToken' | 'refreshUserToken'>;
  /** AMC's concurrency limits for the quota gate (config.quota); AMC's documented defaults when omitted. */
  quota?: QuotaLimits;
}

export function createActivities(deps: ActivityDeps) {
  const withAmc = createAmcSession({ amcInstances: deps.repos.amcInstances, tokens: deps.tokens });
  return {
    ...createAmcQuotaActivities({ amcQuota: deps.repos.amcQuota, limits: deps.quota ?? DEFAULT_QUOTA_LIMITS }),
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
    }),
    ...createTokenRefreshActivities({ tokens: deps.tokens, tokenRefresh: deps.repos.tokenRefresh, schedules: deps.repos.schedules }),
    ...createScheduleActivities({
      schedules: deps.repos.schedules,
      savedQueries: deps.repos.savedQueries,
      executions: deps.repos.executions,
    }),
  };
}

/** Workflows type their activity proxies with this. */
export type Activities = ReturnType<typeof createActivities>;
