/** The flat execution object AMC returns from create/get/list (reference §6.2, §6.5); keys sorted as recorded. */
import { isoMillis, isoSeconds } from './ids';
import type { SimExecution } from './state';

const HOUR = 3_600_000;

export function executionView(e: SimExecution, opts: { includeWorkflow?: boolean } = {}): Record<string, unknown> {
  const done = e.status === 'SUCCEEDED';
  const ran = e.startedAtMs !== undefined && e.finishedAtMs !== undefined && e.status !== 'CANCELLED';
  const view: Record<string, unknown> = {
    availableTimeBeforeWindowSecs: done ? 0 : undefined,
    createTime: isoSeconds(e.createdAtMs),
    dataGaps: [],
    disableAggregationControls: e.disableAggregationControls,
    executionCategory: e.executionCategory,
    executionTime: ran ? Math.max(1, Math.round((e.finishedAtMs! - e.startedAtMs!) / 1000)) : undefined,
    expireTime: isoSeconds(e.createdAtMs + 24 * HOUR),
    ignoreDataGaps: e.ignoreDataGaps,
    invalidationOffsetSecs: done ? 266400 : undefined,
    lastUpdatedTime: isoSeconds(e.updatedAtMs),
    outputColumns: done ? e.outputColumns : undefined,
    outputS3URI: done ? 'N/A' : undefined,
    parameterValues: e.parameterValues,
    requireSyntheticData: e.requireSyntheticData,
    sqlQuery: opts.includeWorkflow ? e.sqlQuery : undefined,
    status: e.status,
    statusReason: e.statusReason,
    timeWindowEnd: e.window.endMs === undefined ? undefined : isoSeconds(e.window.endMs),
    timeWindowEndOriginal: e.window.endOriginal,
    timeWindowStart: e.window.startMs === undefined ? undefined : isoSeconds(e.window.startMs),
    timeWindowStartOriginal: e.window.startOriginal,
    timeWindowTimeZoneOriginal: e.window.timeZone,
    validatedTime: e.validatedAtMs === undefined ? undefined : isoMillis(e.validatedAtMs),
    waitUntil: isoSeconds(e.createdAtMs - HOUR),
    workflowExecutionId: e.workflowExecutionId,
    workflowExecutionTimeoutSeconds: e.timeoutSeconds,
    workflowId: e.workflowId,
  };
  return view; // undefined fields vanish in JSON; sendReporting also drops nulls
}
