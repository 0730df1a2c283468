/** Every migration, in order. Listed explicitly so they run the same under tsx, jest and compiled output. */
import type { Knex } from 'knex';
import * as initialSchema from './20261122000000_initial-schema';
import * as resultsAsCsvChunks from './20261122120000_results-as-csv-chunks';
import * as dataCollections from './20261123000000_data-collections';
import * as schedules from './20261123050000_schedules';
import * as catalog from './20261123120000_catalog';
import * as amcCircuitBreakers from './20261124000000_amc-circuit-breakers';
import * as tenancyAndTokenRefresh from './20261124100000_tenancy-and-token-refresh';
import * as webhooksAndEvents from './20261124200000_webhooks-and-events';
import * as catalogSourcesAndKinds from './20261130134217_catalog-sources-and-kinds';
import * as savedQueryNames from './20261130143712_saved-query-names';
import * as tenancyFailsClosed from './20261130152417_tenancy-fails-closed';
import * as completionEvents from './20261130152816_completion-events';
import * as executionWarnings from './20261130153127_execution-warnings';
import * as weekResultsAndWaits from './20261130153947_week-results-and-waits';
import * as tokenRefreshLease from './20261130161305_token-refresh-lease';
import * as schedulePauseHistory from './20261130162418_schedule-pause-history';
import * as idempotencyRequests from './20261130163412_idempotency-requests';
import * as executionAmcParameters from './20261130163829_execution-amc-parameters';
import * as loginBinding from './20261130163905_login-binding';
import * as resultFiles from './20261130165521_result-files';
import * as quotaLeasesAndWakeups from './20261130171044_quota-leases-and-wakeups';
import * as rateLimitHits from './20261130171552_rate-limit-hits';
import * as amcRunDurations from './20261130171942_amc-run-durations';
import * as executionListIndexes from './20261130174531_execution-list-indexes';
import * as scheduleSyncState from './20261130184127_schedule-sync-state';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

export const migrations: Record<string, Migration> = {
  '20261122000000_initial-schema': initialSchema,
  '20261122120000_results-as-csv-chunks': resultsAsCsvChunks,
  '20261123000000_data-collections': dataCollections,
  '20261123050000_schedules': schedules,
  '20261123120000_catalog': catalog,
  '20261124000000_amc-circuit-breakers': amcCircuitBreakers,
  '20261124100000_tenancy-and-token-refresh': tenancyAndTokenRefresh,
  '20261124200000_webhooks-and-events': webhooksAndEvents,
  '20261130134217_catalog-sources-and-kinds': catalogSourcesAndKinds,
  '20261130143712_saved-query-names': savedQueryNames,
  '20261130152417_tenancy-fails-closed': tenancyFailsClosed,
  '20261130152816_completion-events': completionEvents,
  '20261130153127_execution-warnings': executionWarnings,
  '20261130153947_week-results-and-waits': weekResultsAndWaits,
  '20261130161305_token-refresh-lease': tokenRefreshLease,
  '20261130162418_schedule-pause-history': schedulePauseHistory,
  '20261130163412_idempotency-requests': idempotencyRequests,
  '20261130163829_execution-amc-parameters': executionAmcParameters,
  '20261130163905_login-binding': loginBinding,
  '20261130165521_result-files': resultFiles,
  '20261130171044_quota-leases-and-wakeups': quotaLeasesAndWakeups,
  '20261130171552_rate-limit-hits': rateLimitHits,
  '20261130171942_amc-run-durations': amcRunDurations,
  '20261130174531_execution-list-indexes': executionListIndexes,
  '20261130184127_schedule-sync-state': scheduleSyncState,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
