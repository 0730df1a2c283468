/** Rows → the REST contract's shapes. Only fields picked here leave the API (no sealed token, no user_id). */
import type { InstanceWithAccount } from '../db/amc-instances';
import type { QueuedExecutionRow } from '../db/executions';
import { weekDayName } from '../lib/collection-weeks';
import type { CollectionView } from '../services/collection-view';
import type { DiscoveredInstance } from '../services/discover-instances';
import type {
  ExecutionRow,
  SavedQueryRow,
  SchedulePauseRow,
  ScheduleRow,
  UserRow,
  WebhookDeliveryRow,
  WebhookRow,
} from '../db/tables';

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

export function presentDiscoveredInstance({ instance, account, importedId }: DiscoveredInstance) {
  return {
    instanceId: instance.instanceId,
    name: instance.instanceName,
    instanceType: instance.instanceType,
    creationStatus: instance.creationStatus,
    apiEndpoint: instance.apiEndpoint ?? null,
    account: { accountId: account.accountId, name: account.accountName, marketplaceId: account.marketplaceId },
    importedId,
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
    workflowId: e.saved_query_id,
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
    /** When AMC is expected to finish it, from its query's past runs (lib/poll-plan.ts); null without history. */
    expectedCompletionAt: iso(e.expected_completion_at),
    /** Remarks on a run that went ahead anyway (a window inside AMC's data lag). */
    warnings: e.warnings ?? [],
  };
}

/** An execution with `queuePosition`: its place at the AMC quota gate while it waits for a slot (db/amc-quota.ts). */
export function presentQueuedExecution(e: QueuedExecutionRow) {
  return { ...presentExecution(e), queuePosition: e.queue_position };
}

/** `user:<id>` → {kind: 'user', userId}; `system:<reason>` → {kind: 'system', reason}; null before it was recorded. */
function presentActor(actor: string | null | undefined) {
  if (!actor) return null;
  const [kind, value = ''] = [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)];
  return kind === 'user' ? { kind: 'user' as const, userId: value } : { kind: 'system' as const, reason: value };
}

/** One pause interval: who paused the schedule, when and why; who resumed it, when and why (null while paused). */
export function presentPause(p: SchedulePauseRow) {
  return {
    pausedAt: p.paused_at.toISOString(),
    pausedBy: presentActor(p.paused_by),
    note: p.note,
    resumedAt: iso(p.resumed_at),
    resumedBy: presentActor(p.resumed_by),
    resumeNote: p.resume_note ?? null,
  };
}

export function presentSchedule(s: ScheduleRow, next?: Date[], pauses?: SchedulePauseRow[]) {
  return {
    id: s.id,
    workflowId: s.saved_query_id,
    cron: s.cron,
    timezone: s.timezone,
    timeWindow: { lookbackDays: s.lookback_days, lagDays: s.lag_days },
    parameters: s.parameters,
    overlap: s.overlap,
    paused: s.paused,
    note: s.note,
    temporalScheduleId: s.temporal_schedule_id,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    ...(next && { nextRuns: next.map((d) => d.toISOString()) }),
    ...(pauses && { pauses: pauses.map(presentPause) }),
  };
}

export function presentCollection(view: CollectionView) {
  const { row } = view;
  return {
    id: row.id,
    workflowId: row.saved_query_id,
    instanceId: row.instance_id,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    granularity: 'week',
    weekStartDay: weekDayName(row.week_start_day),
    partialWeeks: row.partial_weeks,
    concurrency: row.concurrency,
    parameters: row.parameters,
    totalWeeks: view.totalWeeks,
    finishedWeeks: view.finishedWeeks,
    counts: view.counts,
    /** Share of weeks SUCCEEDED. */
    progress: view.progress,
    /** Share of weeks finished (succeeded, stale, failed or cancelled). */
    finished: view.finished,
    temporalWorkflowId: row.temporal_workflow_id,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at ? row.completed_at.toISOString() : null,
    weeks: view.weeks.map(({ week: w, status, waitingFor, queuePosition }) => ({
      weekStart: w.week_start,
      weekEnd: w.week_end,
      partial: w.partial,
      status,
      executionId: w.execution_id,
      attempts: w.attempts,
      retriesLeft: w.retries_left,
      rowCount: w.row_count,
      sqlHash: w.sql_hash,
      ...(waitingFor && { waitingFor }),
      ...(queuePosition !== undefined && { queuePosition }),
      // When a waiting week runs next (AMC's data lag, a retry's back-off); null while it waits for a quota slot.
      ...(status === 'WAITING' && { nextAttemptAt: w.next_attempt_at?.toISOString() ?? null }),
      ...(w.error_code && { error: { code: w.error_code, message: w.error_message ?? '' } }),
    })),
  };
}

export const presentWebhook = (w: WebhookRow) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  description: w.description,
  active: w.active,
  createdAt: w.created_at.toISOString(),
  updatedAt: w.updated_at.toISOString(),
});

export const presentDelivery = (d: WebhookDeliveryRow) => ({
  id: d.id,
  webhookId: d.webhook_id,
  event: d.event,
  subjectId: d.subject_id,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.last_status_code,
  lastError: d.last_error,
  nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  createdAt: d.created_at.toISOString(),
  payload: d.payload,
});
