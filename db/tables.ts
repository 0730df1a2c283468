/**
 * Table names and row types. Rows are the database's own snake_case shape; api/ presenters map them to the
 * REST contract's camelCase. Each table has XxxRow (what a select returns), NewXxxRow and XxxPatch.
 */
export const TABLES = {
  users: 'users',
  refreshTokens: 'refresh_tokens',
  oauthStates: 'oauth_states',
  amcAccounts: 'amc_accounts',
  amcInstances: 'amc_instances',
  savedQueries: 'workflows',
  executions: 'workflow_executions',
  executionEvents: 'execution_status_events',
  executionResults: 'execution_results',
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

export const EXECUTION_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export interface ExecutionRow {
  id: string;
  workflow_id: string;
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
  idempotency_key: string | null;
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
}

export interface ResultColumn {
  name: string;
  type: string;
}

export interface ExecutionEventRow {
  id: number;
  execution_id: string;
  status: string;
  amc_status: string | null;
  detail: string | null;
  created_at: Date;
}

/** Up to RESULT_CHUNK_ROWS result rows as AMC's CSV records (header in workflow_executions.result_columns). */
export interface ExecutionResultChunkRow {
  execution_id: string;
  chunk_number: number;
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
export type AmcInstancePatch = Partial<Pick<AmcInstanceRow, 'instance_name' | 'region' | 'account_id' | 'instance_id'>>;
export type NewSavedQueryRow = Omit<SavedQueryRow, Generated | 'amc_workflow_id'>;
export type SavedQueryPatch = Partial<
  Pick<SavedQueryRow, 'name' | 'description' | 'sql_query' | 'parameters' | 'tags' | 'instance_id' | 'amc_workflow_id'>
>;
export type NewExecutionRow = Pick<
  ExecutionRow,
  | 'id'
  | 'workflow_id'
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
>;
export type ExecutionPatch = Partial<Omit<ExecutionRow, 'id' | 'created_at' | 'workflow_id' | 'user_id'>>;
