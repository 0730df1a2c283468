/** Executions: /amc/reporting/:instanceId/workflowExecutions create/list/get/cancel/downloadUrls (reference §6, §7). */
import { Router, type Request, type Response } from 'express';
import type { AmcInputParameter, AmcOutputColumn } from '../client/types';
import { requireInstance } from './auth';
import type { createDownloads } from './downloads';
import type { ExecutionEngine } from './execution-engine';
import { executionView } from './execution-view';
import { uuid } from './ids';
import type { SimulatorOptions } from './options';
import { paginate } from './pagination';
import { resolveParameters } from './parameter-values';
import { compileWorkflow, createExecutionSchema, normalizeParameters, parseBody } from './request-schemas';
import { MEDIA, SimHttpError, sendReporting } from './responses';
import type { SimExecution, SimState } from './state';
import { explicitWindow, localToUtc } from './time-window';

interface Deps {
  state: SimState;
  options: SimulatorOptions;
  engine: ExecutionEngine;
  downloads: ReturnType<typeof createDownloads>;
  baseUrl: (req: Request) => string;
}

function privacyColumns(def: Record<string, unknown>): {
  columns: AmcOutputColumn[];
  names: SimExecution['privacyColumns'];
} {
  const names = {
    discriminator: def.filteredMetricsDiscriminatorColumn as string | undefined,
    distinctUserCount: def.distinctUserCountColumn as string | undefined,
    filteredReason: def.filteredReasonColumn as string | undefined,
  };
  const columns: AmcOutputColumn[] = [];
  if (names.discriminator) columns.push({ name: names.discriminator, columnType: 'DIMENSION', dataType: 'BOOLEAN' });
  if (names.distinctUserCount) columns.push({ name: names.distinctUserCount, columnType: 'METRIC', dataType: 'LONG' });
  if (names.filteredReason) columns.push({ name: names.filteredReason, columnType: 'DIMENSION', dataType: 'STRING' });
  return { columns, names };
}

/** Creation-time filters are zone-less in `timeZone` (default UTC); a trailing Z or millis are tolerated. */
function creationBound(value: unknown, timeZone: string, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).replace(/(\.\d+)?Z$/, '');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text))
    throw new SimHttpError(400, `Invalid ${field}: expected yyyy-MM-ddTHH:mm:ss`);
  return localToUtc(text, String(value).endsWith('Z') ? 'UTC' : timeZone);
}

export function createExecutionRoutes(deps: Deps): Router {
  const { state, options, engine } = deps;
  const router = Router();
  const base = '/amc/reporting/:instanceId/workflowExecutions';

  const instanceOf = (req: Request, res: Response) =>
    requireInstance(state, options, req, res, String(req.params.instanceId));
  function executionOf(req: Request, res: Response): SimExecution {
    const instance = instanceOf(req, res);
    const id = String(req.params.executionId);
    const e = state.executions.get(id);
    if (!e || e.instanceId !== instance.instanceId) throw new SimHttpError(404, `Execution with ID ${id} not found.`);
    return e;
  }

  router.post(base, (req, res) => {
    const instance = instanceOf(req, res);
    const body = parseBody(createExecutionSchema, req.body);
    if ((body.workflowId === undefined) === (body.workflow === undefined)) {
      throw new SimHttpError(400, 'Exactly one of workflowId or workflow must be provided.');
    }
    let def: Record<string, unknown>;
    let params: AmcInputParameter[];
    let columns: AmcOutputColumn[];
    let workflowId: string;
    if (body.workflowId !== undefined) {
      const saved = state.workflowsOf(instance.instanceId).get(body.workflowId);
      if (!saved) throw new SimHttpError(404, `Workflow with ID ${body.workflowId} not found.`);
      ({ definition: def, inputParameters: params, outputColumns: columns } = saved);
      workflowId = body.workflowId;
    } else {
      const inline = body.workflow!;
      // An inner workflowId is echoed on the execution (callers list by it to find a run after a lost response).
      workflowId = inline.workflowId ?? `transient_${uuid()}`;
      params = normalizeParameters(inline.inputParameters);
      columns = compileWorkflow(workflowId, inline.sqlQuery, params);
      def = inline;
    }
    const timeZone = body.timeWindowTimeZone ?? 'UTC';
    const type = body.timeWindowType ?? 'MOST_RECENT_DAY';
    const window =
      type === 'EXPLICIT'
        ? explicitWindow({
            start: body.timeWindowStart,
            end: body.timeWindowEnd,
            timeZone,
            trailingZ: options.trailingZ,
          })
        : { ...explicitTimeZoneCheck(timeZone), type };
    const given = body.parameterValues ?? {};
    const privacy = privacyColumns(def);
    const now = Date.now();
    const e: SimExecution = {
      workflowExecutionId: uuid(),
      instanceId: instance.instanceId,
      workflowId,
      executionCategory: 'AD_HOC',
      sqlQuery: String(def.sqlQuery),
      inputParameters: params,
      parameterValues: given,
      effectiveParameters: resolveParameters(params, given),
      window,
      ignoreDataGaps: body.ignoreDataGaps ?? false,
      disableAggregationControls: body.disableAggregationControls ?? false,
      requireSyntheticData: body.requireSyntheticData,
      timeoutSeconds: body.workflowExecutionTimeoutSeconds ?? 21600,
      outputColumns: [...columns, ...privacy.columns],
      privacyColumns: privacy.names,
      privacyFilteringBehavior: def.privacyFilteringBehavior as string | undefined,
      status: 'PENDING',
      createdAtMs: now,
      updatedAtMs: now,
    };
    engine.submit(e);
    sendReporting(res, executionView(e), MEDIA.executions);
  });

  router.get(base, (req, res) => {
    const instance = instanceOf(req, res);
    const q = req.query as Record<string, unknown>;
    const tz = typeof q.timeZone === 'string' && q.timeZone !== '' ? q.timeZone : 'UTC';
    explicitTimeZoneCheck(tz);
    const workflowId = typeof q.workflowId === 'string' && q.workflowId !== '' ? q.workflowId : undefined;
    const min = creationBound(q.minCreationTime, tz, 'minCreationTime');
    const max = creationBound(q.maxCreationTime, tz, 'maxCreationTime');
    if (workflowId === undefined && min === undefined)
      throw new SimHttpError(400, 'Either workflowId or minCreationTime must be provided.');
    // [inferred] from the includeCancelled flag: cancelled runs are left out unless asked for.
    const includeCancelled = String(q.includeCancelled).toLowerCase() === 'true';
    const ascending = String(q.sortAscending).toLowerCase() === 'true';
    const all = [...state.executions.values()]
      .filter((e) => e.instanceId === instance.instanceId)
      .filter((e) => workflowId === undefined || e.workflowId === workflowId)
      .filter((e) => (min === undefined || e.createdAtMs >= min) && (max === undefined || e.createdAtMs <= max))
      .filter((e) => includeCancelled || e.status !== 'CANCELLED')
      .sort((a, b) => (ascending ? a.createdAtMs - b.createdAtMs : b.createdAtMs - a.createdAtMs));
    const { page, nextToken } = paginate(all, q);
    const includeWorkflow = String(q.includeWorkflow).toLowerCase() === 'true';
    sendReporting(
      res,
      { executions: page.map((e) => executionView(e, { includeWorkflow })), nextToken },
      MEDIA.executions,
    );
  });

  router.get(`${base}/:executionId`, (req, res) => {
    state.counters.statusChecks++; // GET status calls, so benches can compare polling designs
    const includeWorkflow = String((req.query as Record<string, unknown>).includeWorkflow).toLowerCase() === 'true';
    sendReporting(res, executionView(executionOf(req, res), { includeWorkflow }), MEDIA.executions);
  });

  // Cancel = PUT {"status":"CANCELLED"}; other fields are ignored (reference §6.6).
  router.put(`${base}/:executionId`, (req, res) => {
    const e = executionOf(req, res);
    const status = (req.body as Record<string, unknown> | undefined)?.status;
    if (status !== undefined && status !== 'CANCELLED')
      throw new SimHttpError(400, `Unsupported status update: ${String(status)}`);
    if (status === 'CANCELLED' && !engine.cancel(e)) {
      throw new SimHttpError(
        400,
        `Execution with ID ${e.workflowExecutionId} cannot be cancelled because its status is ${e.status}.`,
      );
    }
    sendReporting(res, {}, MEDIA.executions);
  });

  router.get(`${base}/:executionId/downloadUrls`, (req, res) => {
    const e = executionOf(req, res);
    if (e.status !== 'SUCCEEDED')
      throw new SimHttpError(404, `Execution with ID ${e.workflowExecutionId} is unavailable for download.`);
    sendReporting(res, deps.downloads.urlsFor(e, deps.baseUrl(req)), MEDIA.executions);
  });

  return router;
}

/** Relative windows carry only the zone until the run starts; the zone must still be a real IANA name. */
function explicitTimeZoneCheck(timeZone: string): { timeZone: string } {
  localToUtc('2000-01-01T00:00:00', timeZone);
  return { timeZone };
}
