/** All query modules over one knex instance. */
import type { Knex } from 'knex';
import { createAmcAccountsDb } from './amc-accounts';
import { createAmcCircuitsDb } from './amc-circuits';
import { createAmcQuotaDb } from './amc-quota';
import { createAmcInstancesDb } from './amc-instances';
import { createBuildGuidesDb } from './build-guides';
import { createDataSourcesDb } from './data-sources';
import { createDataCollectionsDb } from './data-collections';
import { createExecutionResultsDb } from './execution-results';
import { createExecutionsDb } from './executions';
import { createOAuthStatesDb } from './oauth-states';
import { createQueryTemplatesDb } from './query-templates';
import { createRateLimitsDb } from './rate-limits';
import { createReconcilerDb } from './reconciler';
import { createRefreshTokensDb } from './refresh-tokens';
import { createSavedQueriesDb } from './saved-queries';
import { createSchedulesDb } from './schedules';
import { createTokenRefreshDb } from './token-refresh';
import { createUsersDb } from './users';
import { createWebhooksDb } from './webhooks';
import { createAmcRunDurationsDb } from './amc-run-durations';

export function createRepositories(db: Knex) {
  return {
    db,
    users: createUsersDb(db),
    refreshTokens: createRefreshTokensDb(db),
    oauthStates: createOAuthStatesDb(db),
    amcAccounts: createAmcAccountsDb(db),
    amcInstances: createAmcInstancesDb(db),
    savedQueries: createSavedQueriesDb(db),
    executions: createExecutionsDb(db),
    executionResults: createExecutionResultsDb(db),
    queryTemplates: createQueryTemplatesDb(db),
    dataSources: createDataSourcesDb(db),
    buildGuides: createBuildGuidesDb(db),
    amcQuota: createAmcQuotaDb(db),
    dataCollections: createDataCollectionsDb(db),
    schedules: createSchedulesDb(db),
    amcCircuits: createAmcCircuitsDb(db),
    tokenRefresh: createTokenRefreshDb(db),
    webhooks: createWebhooksDb(db),
    amcRunDurations: createAmcRunDurationsDb(db),
    reconciler: createReconcilerDb(db),
    rateLimits: createRateLimitsDb(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
export { assertSchemaCurrent, createDb, DatabaseNotReadyError, migrateLatest, type Db } from './knex';
