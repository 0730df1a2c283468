/** Rows → the REST contract's shapes. Only fields picked here leave the API (no sealed token, no user_id). */
import type { InstanceWithAccount } from '../db/amc-instances';
import type { ExecutionRow, SavedQueryRow, UserRow } from '../db/tables';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    amazonConnected: u.amazon_connection_status === 'connected' && !!u.amazon_refresh_token_sealed,
    amazonConnectionStatus: u.amazon_connection_status,
    amazonTokenExpiresAt: iso(u.amazon_token_expires_at),
    /** Why Amazon needs consent again (LWA's error), when it does. */
    amazonConnectionError: u.amazon_connection_status === 'needs_consent' ? u.amazon_token_error : null,
    amazonTokenRefresh: {
      refreshedAt: iso(u.amazon_token_refreshed_at ?? null),
      lastAttemptAt: iso(u.amazon_refresh_attempted_at ?? null),
      lastError: u.amazon_refresh_error ?? null,
      consecutiveFailures: u.amazon_refresh_failures ?? 0,
    },
    /** Set while schedules and collections are paused until the user signs in with Amazon again. */
    amazonWorkPausedAt: iso(u.amazon_work_paused_at ?? null),
  };
}

export function presentInstance(i: InstanceWithAccount) {
  return {
    id: i.id,
    instanceId: i.instance_id,
    name: i.instance_name,
    region: i.region,
    instanceType: i.instance_type,
    account: {
      id: i.account.id,
      accountId: i.account.account_id,
      name: i.account.account_name,
      marketplaceId: i.account.marketplace_id,
    },
    createdAt: iso(i.created_at),
    updatedAt: iso(i.updated_at),
  };
}

export function presentSavedQuery(q: SavedQueryRow) {
  return {
    id: q.id,
    name: q.name,
    description: q.description,
    instanceId: q.instance_id,
    sqlQuery: q.sql_query,
    parameters: q.parameters,
    tags: q.tags,
    amcWorkflowId: q.amc_workflow_id,
    createdAt: iso(q.created_at),
    updatedAt: iso(q.updated_at),
  };
}

export function presentExecution(e: ExecutionRow) {
  return {
    id: e.id,
    workflowId: e.workflow_id,
    instanceId: e.instance_id,
    status: e.status,
    amcStatus: e.amc_status,
    amcExecutionId: e.amc_execution_id,
    timeWindowStart: iso(e.time_window_start),
    timeWindowEnd: iso(e.time_window_end),
    timeWindowTimeZone: e.time_window_time_zone,
    parameters: e.parameters,
    sqlQuery: e.sql_query,
    idempotencyKey: e.idempotency_key,
    createdAt: iso(e.created_at),
    startedAt: iso(e.started_at),
    completedAt: iso(e.completed_at),
    ...(e.error_code && {
      error: {
        code: e.error_code,
        message: e.error_message ?? '',
        ...(e.error_line !== null && { line: e.error_line }),
        ...(e.error_column !== null && { column: e.error_column }),
      },
    }),
    rowCount: e.row_count,
    temporalWorkflowId: e.temporal_workflow_id,
    /** manual | scheduled | backfill: the priority of its wait at the AMC quota gate. */
    runKind: e.run_kind ?? 'manual',
  };
}
