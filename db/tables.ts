/**
 * Table names and row types. Rows are the database's own snake_case shape; api/ presenters map them to the
 * REST contract's camelCase. Each table has XxxRow (what a select returns), NewXxxRow and XxxPatch. Status
 * vocabularies live in lib/*-statuses.ts.
 */
import type { AmcInputParameter } from '../amc/client/types';
import type { CollectionStatus, WeekStatus } from '../lib/collection-statuses';
import type { ExecutionStatus } from '../lib/execution-statuses';
import type { ExecutionWarning } from '../lib/time-window';
import type { WebhookDeliveryStatus } from '../lib/webhook-delivery-statuses';

export const TABLES = {
  users: 'users',
  refreshTokens: 'refresh_tokens',
  oauthStates: 'oauth_states',
  amcAccounts: 'amc_accounts',
  amcInstances: 'amc_instances',
  savedQueries: 'saved_queries',
  executions: 'executions',
  executionEvents: 'execution_status_events',
  executionResults: 'execution_results',
  queryTemplates: 'query_templates',
  queryTemplateUsages: 'query_template_usages',
  dataSources: 'data_sources',
  dataSourceFields: 'data_source_fields',
  buildGuides: 'build_guides',
  schedules: 'schedules',
  schedulePauses: 'schedule_pauses',
  scheduleSkips: 'schedule_skips',
  amcQuotaTickets: 'amc_quota_tickets',
  dataCollections: 'data_collections',
  collectionWeeks: 'collection_weeks',
  amcCircuits: 'amc_circuit_breakers',
  webhooks: 'webhooks',
  webhookDeliveries: 'webhook_deliveries',
  amcRunDurations: 'amc_run_durations',
  rateLimitHits: 'rate_limit_hits',
} as const;

export type AmazonConnectionStatus = 'connected' | 'needs_consent';

export interface UserRow {
  id: string;
  amazon_user_id: string;
  email: string | null;
  name: string | null;
  amazon_access_token_sealed: string | null;
  amazon_refresh_token_sealed: string | null;
  amazon_token_expires_at: Date | null;
  amazon_connection_status: AmazonConnectionStatus;
  amazon_token_error: string | null;
  /** Background refresh bookkeeping (issue #3): last success, last attempt, last error, failures in a row. */
  amazon_token_refreshed_at?: Date | null;
  amazon_refresh_attempted_at?: Date | null;
  amazon_refresh_error?: string | null;
  amazon_refresh_failures?: number;
  /** When the user's schedules and collections were paused for re-consent (null while not paused). */
  amazon_work_paused_at?: Date | null;
  /** A refresh in progress (amazon/tokens.ts) until then: other callers wait for its result instead of calling LWA. */
  amazon_refresh_lease_until?: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}

export interface OAuthStateRow {
  state: string;
  expires_at: Date;
  used_at: Date | null;
  /** SHA-256 (hex) of the login cookie of the client that started the login. */
  binding_hash: string | null;
  /** The PKCE code verifier sent to LWA with the code (its S256 challenge went in the authorization URL). */
  code_verifier: string | null;
  created_at: Date;
}

export interface AmcAccountRow {
  id: string;
  user_id: string;
  /** AMC's entity id (ENTITY…), the AdvertiserId header. */
  account_id: string;
  account_name: string | null;
  marketplace_id: string | null;
  region: string;
  created_at: Date;
  updated_at: Date;
}

export interface AmcInstanceRow {
  id: string;
  user_id: string;
  /** UUID of our amc_accounts row. */
  account_id: string;
  /** AMC's own instance id ("amc…"), used in AMC URL paths. */
  instance_id: string;
  instance_name: string;
  region: string;
  instance_type: string | null;
  /** When AMC last accepted a call for this instance with its owner's token (db/amc-instances.ts amcSharedKeysOf). */
  amc_verified_at?: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type ParameterType = 'string' | 'number' | 'date' | 'timestamp' | 'string_list' | 'number_list';
export interface ParameterDefinition {
  type: ParameterType;
  required?: boolean;
  default?: unknown;
  description?: string;
}

/** What an ad-hoc AMC workflow carries for its CUSTOM_PARAMETERs (lib/amc-parameters.ts builds it). */
export interface AmcParameters {
  inputParameters: AmcInputParameter[];
  parameterValues: Record<string, unknown>;
}

export interface SavedQueryRow {
  id: string;
  user_id: string;
  /** UUID of our amc_instances row (not AMC's instance id). */
  instance_id: string;
  name: string;
  description: string | null;
  sql_query: string;
  parameters: Record<string, ParameterDefinition>;
  tags: string[];
  amc_workflow_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Who asked for an execution; orders waiters at the AMC quota gate (manual first, backfill last). */
export const RUN_KINDS = ['manual', 'scheduled', 'backfill'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface ExecutionRow {
  id: string;
  saved_query_id: string;
  user_id: string;
  instance_id: string;
  status: ExecutionStatus;
  amc_status: string | null;
  amc_execution_id: string | null;
  /** The deterministic workflowId sent inside the ad-hoc AMC workflow; finds our AMC execution after a lost response. */
  amc_workflow_id: string;
  time_window_start: Date;
  time_window_end: Date;
  time_window_time_zone: string;
  parameters: Record<string, unknown>;
  sql_query: string;
  /** Sent with the ad-hoc workflow when sql_query uses CUSTOM_PARAMETER('x'): declarations and values. */
  amc_parameters?: AmcParameters | null;
  idempotency_key: string | null;
  /** The canonical request the idempotency key was first used with (lib/request-fingerprint.ts). */
  idempotency_request?: Record<string, unknown> | null;
  temporal_workflow_id: string;
  error_code: string | null;
  error_message: string | null;
  error_line: number | null;
  error_column: number | null;
  row_count: number | null;
  result_columns: ResultColumn[] | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
  /** The schedule that started this run (null for manual runs, or once the schedule is deleted). */
  schedule_id?: string | null;
  /** The run's scheduled time (Temporal's TemporalScheduledStartTime); its window was computed from it. */
  scheduled_at?: Date | null;
  /** Who asked for the run (NULL on rows written before the column existed: read as 'manual'). */
  run_kind?: RunKind | null;
  /** When AMC is expected to finish it, from past runs of its query (lib/poll-plan.ts); null without history. */
  expected_completion_at?: Date | null;
  /** Remarks on a run that went ahead anyway, e.g. a window inside AMC's data lag (lib/time-window.ts). */
  warnings?: ExecutionWarning[];
}

export interface ResultColumn {
  name: string;
  type: string;
}

export interface ExecutionEventRow {
  id: number;
  execution_id: string;
  /** The execution's owner (filled from the execution when left out; the row-level policy checks it). */
  user_id: string;
  status: string;
  amc_status: string | null;
  detail: string | null;
  created_at: Date;
}

/** Up to RESULT_CHUNK_ROWS result rows as AMC's CSV records (header in executions.result_columns). */
export interface ExecutionResultChunkRow {
  execution_id: string;
  chunk_number: number;
  /** Which of AMC's result files the chunk came from (each file is stored in its own transaction). */
  file_number: number;
  first_row: number;
  row_count: number;
  records: string;
}

type Generated = 'id' | 'created_at' | 'updated_at';
export type NewUserRow = Omit<UserRow, Generated | 'amazon_connection_status' | 'amazon_token_error'> &
  Partial<Pick<UserRow, 'amazon_connection_status'>>;
export type UserPatch = Partial<Omit<UserRow, 'id' | 'created_at'>>;
export type NewAmcAccountRow = Omit<AmcAccountRow, Generated | 'region'> & Partial<Pick<AmcAccountRow, 'region'>>;
export type NewAmcInstanceRow = Omit<AmcInstanceRow, Generated | 'region'> & Partial<Pick<AmcInstanceRow, 'region'>>;
export type AmcInstancePatch = Partial<
  Pick<AmcInstanceRow, 'instance_name' | 'region' | 'account_id' | 'instance_id' | 'instance_type' | 'amc_verified_at'>
>;
export type NewSavedQueryRow = Omit<SavedQueryRow, Generated | 'amc_workflow_id'>;
export type SavedQueryPatch = Partial<
  Pick<SavedQueryRow, 'name' | 'description' | 'sql_query' | 'parameters' | 'tags' | 'instance_id' | 'amc_workflow_id'>
>;
export type NewExecutionRow = Pick<
  ExecutionRow,
  | 'id'
  | 'saved_query_id'
  | 'user_id'
  | 'instance_id'
  | 'status'
  | 'amc_workflow_id'
  | 'time_window_start'
  | 'time_window_end'
  | 'parameters'
  | 'sql_query'
  | 'idempotency_key'
  | 'temporal_workflow_id'
> &
  Partial<
    Pick<
      ExecutionRow,
      | 'run_kind'
      | 'time_window_time_zone'
      | 'schedule_id'
      | 'scheduled_at'
      | 'amc_parameters'
      | 'warnings'
      | 'idempotency_request'
    >
  >;
export type ExecutionPatch = Partial<Omit<ExecutionRow, 'id' | 'created_at' | 'saved_query_id' | 'user_id'>>;

/** What a deletion is about: a saved query, or an instance (with every saved query on it). */
export type DependentsOwner = { savedQueryId: string } | { instanceId: string };
/** The column of executions, data_collections that names the owner. */
export const ownerColumn = (owner: DependentsOwner) =>
  'savedQueryId' in owner
    ? { saved_query_id: owner.savedQueryId }
    : { instance_id: (owner as { instanceId: string }).instanceId };

export const SCHEDULE_OVERLAPS = ['skip', 'buffer_one', 'allow_all'] as const;
export type ScheduleOverlap = (typeof SCHEDULE_OVERLAPS)[number];

/**
 * What the Temporal Schedule still owes its row (db/migrations/20261130184127_schedule-sync-state.ts): a write
 * commits the row first as PENDING_*, then writes Temporal, then marks it SYNCED; the reconciler finishes a
 * pending write left behind by a crash. A PENDING_DELETE row is hidden from the API at once.
 */
export const SCHEDULE_SYNC_STATES = ['PENDING_CREATE', 'PENDING_UPDATE', 'PENDING_DELETE', 'SYNCED'] as const;
export type ScheduleSyncState = (typeof SCHEDULE_SYNC_STATES)[number];

export interface ScheduleRow {
  id: string;
  user_id: string;
  /** UUID of the saved query ("workflow" in the REST contract) it runs. */
  saved_query_id: string;
  cron: string;
  /** IANA zone the cron and the window's days are evaluated in. */
  timezone: string;
  lookback_days: number;
  lag_days: number;
  parameters: Record<string, unknown>;
  overlap: ScheduleOverlap;
  paused: boolean;
  note: string | null;
  /** Who paused it: null (the user) or AMAZON_CONSENT_REQUIRED (resumed by the next Amazon login). */
  paused_by?: string | null;
  /** `recomamp-schedule/<id>`: the Temporal Schedule that fires it. */
  temporal_schedule_id: string;
  /** When cron or timezone last changed. */
  spec_updated_at: Date;
  /** What Temporal still owes this row (SCHEDULE_SYNC_STATES). */
  temporal_sync: ScheduleSyncState;
  /** When the pending write was asked for (the reconciler leaves it alone until it is quiet). */
  sync_requested_at: Date;
  created_at: Date;
  updated_at: Date;
}
export type NewScheduleRow = Omit<
  ScheduleRow,
  'created_at' | 'updated_at' | 'spec_updated_at' | 'temporal_sync' | 'sync_requested_at'
>;
export type SchedulePatch = Partial<
  Pick<
    ScheduleRow,
    | 'cron'
    | 'timezone'
    | 'lookback_days'
    | 'lag_days'
    | 'parameters'
    | 'overlap'
    | 'paused'
    | 'note'
    | 'spec_updated_at'
    | 'paused_by'
  >
>;

export interface SchedulePauseRow {
  id: number;
  schedule_id: string;
  paused_at: Date;
  resumed_at: Date | null;
  /** Why it was paused. */
  note: string | null;
  /** Who paused and who resumed it: `user:<user id>` or `system:<reason>` (lib: pauseActor). */
  paused_by?: string | null;
  resumed_by?: string | null;
  /** Why it was resumed. */
  resume_note?: string | null;
}

/** Who paused or resumed a schedule, as stored in schedule_pauses. */
export const pauseActor = {
  user: (userId: string) => `user:${userId}`,
  system: (reason: string) => `system:${reason}`,
};

export interface PauseChange {
  at: Date;
  note: string | null;
  /** pauseActor.user(id) or pauseActor.system(reason). */
  by: string;
}

/** A fire that the scheduled-run workflow could not turn into an execution, and why. */
export interface ScheduleSkipRow {
  schedule_id: string;
  scheduled_at: Date;
  reason: string;
  detail: string | null;
  created_at: Date;
}

/** A ticket at the AMC quota gate: waiting while granted_at is NULL, holding a slot after (db/amc-quota.ts). */
export interface AmcQuotaTicketRow {
  execution_id: string;
  amc_instance_id: string;
  amc_account_id: string;
  priority: number;
  enqueued_at: Date;
  polled_at: Date;
  granted_at: Date | null;
  /** A granted ticket's lease, renewed by the execution's polls (reclaimed once expired and its workflow is gone). */
  lease_expires_at?: Date | null;
  /** When its waiter was woken (signalled) after someone else's grant pass gave it the slot. */
  notified_at?: Date | null;
}

/**
 * Why a WAITING week waits: AMC's data lag, an automatic retry's back-off, the user's Amazon consent (quota waits
 * show on the execution).
 */
export type WeekWaitReason = 'data_lag' | 'retry' | 'consent';

export interface DataCollectionRow {
  id: string;
  user_id: string;
  /** The saved query (REST "workflow"). */
  saved_query_id: string;
  instance_id: string;
  /** yyyy-MM-dd (date columns are read as strings, see db/knex.ts). */
  start_date: string;
  end_date: string;
  /** 0 = Sunday … 6 = Saturday. */
  week_start_day: number;
  partial_weeks: 'include' | 'drop';
  status: CollectionStatus;
  /** Who paused it: null (the user) or AMAZON_CONSENT_REQUIRED (resumed by the next Amazon login). */
  paused_by?: string | null;
  parameters: Record<string, unknown>;
  concurrency: number;
  temporal_workflow_id: string;
  /** How many times it has finished (retry-failed and rerun-stale can finish it again; cancel finishes it too). */
  completions?: number;
  created_at: Date;
  completed_at: Date | null;
  updated_at: Date;
}

export interface CollectionWeekRow {
  collection_id: string;
  week_start: string;
  /** Exclusive. */
  week_end: string;
  partial: boolean;
  status: WeekStatus;
  wait_reason: WeekWaitReason | null;
  next_attempt_at: Date | null;
  execution_id: string | null;
  /** The execution whose rows are the week's results: replaced only once a new run has stored its rows. */
  result_execution_id?: string | null;
  attempts: number;
  /** Automatic retries still to come, the one a WAITING (retry) week waits for included; 0 after a permanent failure. */
  retries_left: number;
  error_code: string | null;
  error_message: string | null;
  row_count: number | null;
  sql_hash: string | null;
  updated_at: Date;
}
export type NewDataCollectionRow = Omit<DataCollectionRow, 'id' | 'created_at' | 'updated_at' | 'completed_at'> & {
  id: string;
};
export type CollectionWeekPatch = Partial<
  Omit<CollectionWeekRow, 'collection_id' | 'week_start' | 'week_end' | 'partial'>
>;

export type CircuitState = 'closed' | 'open' | 'half_open';

/** One AMC instance's circuit breaker (amazon/circuit-breaker.ts). */
export interface AmcCircuitRow {
  /** AMC's own instance id. */
  instance_key: string;
  state: CircuitState;
  consecutive_failures: number;
  opened_at: Date | null;
  /** When an open circuit lets one probe call through. */
  next_probe_at: Date | null;
  probe_started_at: Date | null;
  last_error: string | null;
  updated_at: Date;
}

export const WEBHOOK_EVENTS = [
  'execution.succeeded',
  'execution.failed',
  'execution.cancelled',
  'collection.completed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A user's webhook (issue #8); the secret is sealed (lib/token-sealing) and shown only at creation. */
export interface WebhookRow {
  id: string;
  user_id: string;
  url: string;
  events: WebhookEvent[];
  secret_sealed: string;
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}
export type NewWebhookRow = Omit<WebhookRow, 'created_at' | 'updated_at'>;
export type WebhookPatch = Partial<Pick<WebhookRow, 'url' | 'events' | 'description' | 'active'>>;

/** One event sent to one webhook, delivered by `webhookDeliveryWorkflow` (`webhook-delivery/<id>`). */
export interface WebhookDeliveryRow {
  id: string;
  webhook_id: string;
  event: WebhookEvent;
  /** The execution or collection the event is about. */
  subject_id: string;
  /** Which completion of the subject it announces (1 for executions; a collection can finish more than once). */
  occurrence: number;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}
