/**
 * The OpenAPI 3.1 document, generated (@asteasolutions/zod-to-openapi) from the same zod schemas the routes
 * validate with (api/schemas/*) and the response schemas (api/schemas/responses/*). Every route the app mounts is
 * listed here with an operationId, its exact success status and body; test/api/openapi.test.ts walks the Express
 * router and fails on a route missing from the document, the API tests validate every real response against it
 * (test/helpers/response-check.ts), and the typed client (client/schema.gen.ts) is generated from it.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as auth from './schemas/auth';
import * as catalog from './schemas/catalog';
import { codecBody, codecSessionBody } from './schemas/codec';
import * as collections from './schemas/data-collections';
import * as executions from './schemas/executions';
import * as instances from './schemas/instances';
import * as savedQueries from './schemas/saved-queries';
import * as schedules from './schemas/schedules';
import * as webhooks from './schemas/webhooks';
import * as authOut from './schemas/responses/auth';
import * as catalogOut from './schemas/responses/catalog';
import { errorBody, jsonObject, page } from './schemas/responses/common';
import * as collectionsOut from './schemas/responses/data-collections';
import * as executionsOut from './schemas/responses/executions';
import * as instancesOut from './schemas/responses/instances';
import * as savedQueriesOut from './schemas/responses/saved-queries';
import * as schedulesOut from './schemas/responses/schedules';
import * as webhooksOut from './schemas/responses/webhooks';
import { forceQuery, listQuery } from './validate';

/**
 * Request bodies under the names clients see (`components['schemas'][…]` in the generated client). Response
 * schemas carry their names where they are defined (api/schemas/responses/*, `.meta({ id })`), so nested uses
 * become references too.
 */
const bodies = {
  instance: instances.instanceBody.meta({ id: 'InstanceInput' }),
  instancePatch: instances.instancePatchBody.meta({ id: 'InstancePatch' }),
  savedQuery: savedQueries.savedQueryBody.meta({ id: 'SavedQueryInput' }),
  execute: savedQueries.executeBody.meta({ id: 'ExecuteRequest' }),
  check: savedQueries.checkBody.meta({ id: 'CheckRequest' }),
  schedule: schedules.scheduleBody.meta({ id: 'ScheduleInput' }),
  schedulePatch: schedules.schedulePatchBody.meta({ id: 'SchedulePatch' }),
  pause: schedules.pauseBody.meta({ id: 'PauseNote' }),
  backfill: schedules.backfillBody.meta({ id: 'BackfillRequest' }),
  collection: collections.createCollectionBody.meta({ id: 'CollectionInput' }),
  fromTemplate: catalog.createFromTemplateBody.meta({ id: 'CreateFromTemplate' }),
  webhook: webhooks.webhookBody.meta({ id: 'WebhookInput' }),
  webhookPatch: webhooks.webhookPatchBody.meta({ id: 'WebhookPatch' }),
  refresh: auth.refreshBody.meta({ id: 'RefreshRequest' }),
  logout: auth.logoutBody.meta({ id: 'LogoutRequest' }),
  codec: codecBody.meta({ id: 'CodecPayloads' }),
  codecSession: codecSessionBody.meta({ id: 'CodecSessionRequest' }),
};

type Method = RouteConfig['method'];
interface Spec {
  /** operationId: unique, camelCase, what generated clients call the operation. */
  id: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodObject;
  /** The success body (JSON); omitted only with `media` or status 204. */
  response?: z.ZodType;
  /** The success status (default 200). */
  status?: number;
  /** text/event-stream, text/plain, text/html… instead of JSON. */
  media?: string;
  /** The success response may also be CSV (`format=csv` or `Accept: text/csv`). */
  csv?: boolean;
  /** Error statuses this route answers besides 400/401/404/429 (409 conflicts, 422, 502/503 from Amazon…). */
  errors?: number[];
  /** A second success answer (e.g. DELETE …?force=true answers 200 with what it removed instead of 204). */
  alsoOk?: { status: number; description: string; response: z.ZodType };
  public?: boolean;
}

const amazonErrors = [409, 502, 503];

/** [method, path (Express syntax), spec]: the catalogue of every route. */
const ROUTES: [Method, string, Spec][] = [
  [
    'get',
    '/health',
    { id: 'health', summary: 'Liveness', tag: 'health', public: true, response: z.object({ status: z.literal('ok') }) },
  ],
  [
    'get',
    '/ready',
    {
      id: 'ready',
      summary: 'Readiness: Postgres and Temporal answer (503 naming what is down)',
      tag: 'health',
      public: true,
      response: z.object({ status: z.literal('ready') }),
      errors: [503],
    },
  ],
  [
    'get',
    '/metrics',
    { id: 'metrics', summary: 'Prometheus metrics', tag: 'health', public: true, media: 'text/plain' },
  ],
  [
    'get',
    '/openapi.json',
    { id: 'openApiDocument', summary: 'This document', tag: 'health', public: true, response: jsonObject },
  ],
  [
    'get',
    '/docs',
    { id: 'apiReference', summary: 'Browsable API reference', tag: 'health', public: true, media: 'text/html' },
  ],
  [
    'post',
    '/codec/decode',
    {
      id: 'codecDecode',
      summary: 'Temporal remote codec: decrypt payloads (operator token as Bearer, or a codec session cookie)',
      tag: 'operators',
      body: bodies.codec,
      response: bodies.codec,
      errors: [403],
    },
  ],
  [
    'post',
    '/codec/encode',
    {
      id: 'codecEncode',
      summary: 'Temporal remote codec: encrypt payloads (operator token as Bearer, or a codec session cookie)',
      tag: 'operators',
      body: bodies.codec,
      response: bodies.codec,
      errors: [403],
    },
  ],
  [
    'get',
    '/codec/session',
    {
      id: 'codecSessionForm',
      summary:
        'Codec sign-in form: the operator token for a codec session (Temporal UI "Include cross-origin credentials")',
      tag: 'operators',
      public: true,
      media: 'text/html',
    },
  ],
  [
    'post',
    '/codec/session',
    {
      id: 'startCodecSession',
      summary:
        'Start a codec session: sets the HttpOnly recomamp_codec cookie (form or JSON body with the operator token)',
      tag: 'operators',
      public: true,
      body: bodies.codecSession,
      media: 'text/html',
      errors: [401],
    },
  ],
  [
    'delete',
    '/codec/session',
    {
      id: 'endCodecSession',
      summary: 'End the codec session of this browser',
      tag: 'operators',
      public: true,
      status: 204,
    },
  ],

  [
    'get',
    '/api/auth/amazon/login',
    {
      id: 'startLogin',
      summary: 'Login-with-Amazon authorization URL; sets the HttpOnly recomamp_login cookie the callback requires',
      tag: 'auth',
      public: true,
      response: authOut.loginStart,
    },
  ],
  [
    'get',
    '/api/auth/amazon/callback',
    {
      id: 'finishLogin',
      summary:
        'Exchange the LWA code, sign in. A browser (Accept: text/html) is redirected (303) to the console with the session in the URL fragment.',
      tag: 'auth',
      public: true,
      query: auth.callbackQuery,
      response: authOut.signedIn,
      errors: [503],
    },
  ],
  [
    'post',
    '/api/auth/refresh',
    {
      id: 'refreshSession',
      summary: 'Rotate the refresh token',
      tag: 'auth',
      public: true,
      body: bodies.refresh,
      response: authOut.sessionTokens,
      errors: [401],
    },
  ],
  [
    'get',
    '/api/auth/user',
    { id: 'getCurrentUser', summary: 'The signed-in user', tag: 'auth', response: authOut.currentUser },
  ],
  [
    'post',
    '/api/auth/logout',
    {
      id: 'logout',
      summary: 'End the session: its access tokens stop at once, its refresh tokens are revoked',
      tag: 'auth',
      body: bodies.logout,
      status: 204,
    },
  ],

  [
    'get',
    '/api/instances/discover',
    {
      id: 'discoverInstances',
      summary: 'AMC instances visible to the Amazon token',
      tag: 'instances',
      response: page(instancesOut.discoveredInstance),
      errors: amazonErrors,
    },
  ],
  [
    'get',
    '/api/instances',
    {
      id: 'listInstances',
      summary: 'List instances',
      tag: 'instances',
      query: listQuery,
      response: page(instancesOut.instance),
    },
  ],
  [
    'post',
    '/api/instances',
    {
      id: 'createInstance',
      summary:
        "Import an AMC instance: marketplace, type and region resolved from AMC's listings with the user's token (400 naming what AMC lists when it cannot see the pair)",
      tag: 'instances',
      body: bodies.instance,
      status: 201,
      response: instancesOut.instance,
      errors: amazonErrors,
    },
  ],
  [
    'get',
    '/api/instances/:id',
    { id: 'getInstance', summary: 'One instance', tag: 'instances', response: instancesOut.instanceWithCircuit },
  ],
  [
    'put',
    '/api/instances/:id',
    {
      id: 'updateInstance',
      summary: 'Update an instance: only the fields given change (as PATCH)',
      tag: 'instances',
      body: bodies.instancePatch,
      response: instancesOut.instance,
      errors: amazonErrors,
    },
  ],
  [
    'patch',
    '/api/instances/:id',
    {
      id: 'patchInstance',
      summary: 'Fix fields of an instance (AMC is asked again when the instance, account or marketplace changes)',
      tag: 'instances',
      body: bodies.instancePatch,
      response: instancesOut.instance,
      errors: amazonErrors,
    },
  ],
  [
    'delete',
    '/api/instances/:id',
    {
      id: 'deleteInstance',
      summary:
        'Delete an instance: 409 DEPENDENTS_EXIST naming its saved queries, schedules, running work or stored results, unless ?force=true (running work cancelled first; 200 says what went)',
      tag: 'instances',
      query: forceQuery,
      status: 204,
      alsoOk: {
        status: 200,
        description: 'With ?force=true: what was cancelled and removed',
        response: instancesOut.deletion,
      },
      errors: [409],
    },
  ],
  [
    'post',
    '/api/instances/:id/validate',
    {
      id: 'validateInstance',
      summary: 'A live call to AMC',
      tag: 'instances',
      response: instancesOut.validation,
      errors: amazonErrors,
    },
  ],

  [
    'get',
    '/api/workflows',
    {
      id: 'listSavedQueries',
      summary: 'List saved queries',
      tag: 'saved queries',
      query: listQuery,
      response: page(savedQueriesOut.savedQuery),
    },
  ],
  [
    'post',
    '/api/workflows',
    {
      id: 'createSavedQuery',
      summary: 'Save a query (answers the pre-flight check’s findings as `warnings`)',
      tag: 'saved queries',
      body: bodies.savedQuery,
      status: 201,
      response: savedQueriesOut.savedQueryWithWarnings,
    },
  ],
  [
    'post',
    '/api/workflows/check',
    {
      id: 'checkQuery',
      summary: 'Pre-flight check of a query for real AMC: errors and warnings with line/column, no call to AMC',
      tag: 'saved queries',
      body: bodies.check,
      response: savedQueriesOut.checkReport,
    },
  ],
  [
    'get',
    '/api/workflows/:id',
    { id: 'getSavedQuery', summary: 'One saved query', tag: 'saved queries', response: savedQueriesOut.savedQuery },
  ],
  [
    'put',
    '/api/workflows/:id',
    {
      id: 'updateSavedQuery',
      summary: 'Update a saved query (answers the pre-flight check’s findings as `warnings`)',
      tag: 'saved queries',
      body: bodies.savedQuery,
      response: savedQueriesOut.savedQueryWithWarnings,
    },
  ],
  [
    'delete',
    '/api/workflows/:id',
    {
      id: 'deleteSavedQuery',
      summary:
        'Delete a saved query: 409 DEPENDENTS_EXIST naming its schedules, running work or stored results, unless ?force=true (running work cancelled first; 200 says what went)',
      tag: 'saved queries',
      query: forceQuery,
      status: 204,
      alsoOk: {
        status: 200,
        description: 'With ?force=true: what was cancelled and removed',
        response: instancesOut.deletion,
      },
      errors: [409],
    },
  ],
  [
    'post',
    '/api/workflows/:id/execute',
    {
      id: 'executeSavedQuery',
      summary: 'Run it on AMC (Temporal workflow)',
      tag: 'saved queries',
      body: bodies.execute,
      status: 202,
      response: savedQueriesOut.executeAccepted,
      errors: [409],
    },
  ],
  [
    'post',
    '/api/workflows/:id/check',
    {
      id: 'checkSavedQuery',
      summary: 'Pre-flight check of the saved query as stored',
      tag: 'saved queries',
      response: savedQueriesOut.checkReport,
    },
  ],
  [
    'post',
    '/api/workflows/:id/sync',
    {
      id: 'syncSavedQuery',
      summary: 'Save it at AMC as a saved workflow (compile errors: 422 with line/column)',
      tag: 'saved queries',
      response: savedQueriesOut.syncResult,
      errors: [...amazonErrors, 422],
    },
  ],
  [
    'post',
    '/api/workflows/:id/schedules',
    {
      id: 'createSchedule',
      summary: 'Create a schedule',
      tag: 'schedules',
      body: bodies.schedule,
      status: 201,
      response: schedulesOut.schedule,
    },
  ],

  [
    'get',
    '/api/executions',
    {
      id: 'listExecutions',
      summary: 'List executions (newest first)',
      tag: 'executions',
      query: executions.executionListQuery,
      response: page(executionsOut.execution),
    },
  ],
  [
    'get',
    '/api/executions/:id',
    { id: 'getExecution', summary: 'One execution', tag: 'executions', response: executionsOut.execution },
  ],
  [
    'get',
    '/api/executions/:id/history',
    {
      id: 'getExecutionHistory',
      summary: 'Status transitions',
      tag: 'executions',
      response: executionsOut.executionHistory,
    },
  ],
  [
    'get',
    '/api/executions/:id/results',
    {
      id: 'getExecutionResults',
      summary:
        'Result rows (json, or csv with format=csv or Accept: text/csv; 406 for an Accept that allows neither), sort=<column>[:asc|desc], filter=<column>:<value> (an unknown column is 400 UNKNOWN_COLUMN); 409 until SUCCEEDED',
      tag: 'executions',
      query: executions.resultsQuery,
      response: executionsOut.resultRows,
      csv: true,
      errors: [406, 409],
    },
  ],
  [
    'post',
    '/api/executions/:id/cancel',
    {
      id: 'cancelExecution',
      summary: 'Cancel (at AMC too)',
      tag: 'executions',
      status: 202,
      response: executionsOut.cancelAccepted,
      errors: [409],
    },
  ],
  [
    'get',
    '/api/executions/:id/events',
    {
      id: 'streamExecutionEvents',
      summary: 'Status changes as Server-Sent Events (event: status)',
      tag: 'executions',
      media: 'text/event-stream',
    },
  ],

  [
    'get',
    '/api/schedules',
    {
      id: 'listSchedules',
      summary: 'List schedules',
      tag: 'schedules',
      query: schedules.scheduleListQuery,
      response: page(schedulesOut.schedule),
    },
  ],
  [
    'get',
    '/api/schedules/:id',
    {
      id: 'getSchedule',
      summary: 'One schedule, its next runs and Temporal counters',
      tag: 'schedules',
      response: schedulesOut.scheduleWithTemporal,
    },
  ],
  [
    'patch',
    '/api/schedules/:id',
    {
      id: 'updateSchedule',
      summary: 'Update a schedule',
      tag: 'schedules',
      body: bodies.schedulePatch,
      response: schedulesOut.schedule,
    },
  ],
  [
    'delete',
    '/api/schedules/:id',
    { id: 'deleteSchedule', summary: 'Delete a schedule', tag: 'schedules', status: 204 },
  ],
  [
    'get',
    '/api/schedules/:id/runs',
    {
      id: 'listScheduleRuns',
      summary: 'Runs and skipped fires (each with its reason)',
      tag: 'schedules',
      query: schedules.runsQuery,
      response: schedulesOut.scheduleRuns,
    },
  ],
  [
    'post',
    '/api/schedules/:id/pause',
    {
      id: 'pauseSchedule',
      summary: 'Pause',
      tag: 'schedules',
      body: bodies.pause,
      response: schedulesOut.schedule,
    },
  ],
  [
    'post',
    '/api/schedules/:id/resume',
    {
      id: 'resumeSchedule',
      summary: 'Resume',
      tag: 'schedules',
      body: bodies.pause,
      response: schedulesOut.schedule,
    },
  ],
  [
    'post',
    '/api/schedules/:id/trigger',
    {
      id: 'triggerSchedule',
      summary: 'Run now: answers with the execution it started',
      tag: 'schedules',
      status: 202,
      response: schedulesOut.triggerAccepted,
    },
  ],
  [
    'post',
    '/api/schedules/:id/backfill',
    {
      id: 'backfillSchedule',
      summary: "Run past times (bounds without an offset are read in the schedule's zone)",
      tag: 'schedules',
      body: bodies.backfill,
      status: 202,
      response: schedulesOut.backfillAccepted,
    },
  ],

  [
    'post',
    '/api/data-collections',
    {
      id: 'createCollection',
      summary: 'Start a weekly backfill',
      tag: 'data collections',
      body: bodies.collection,
      status: 202,
      response: collectionsOut.collectionAccepted,
    },
  ],
  [
    'get',
    '/api/data-collections',
    {
      id: 'listCollections',
      summary: 'List collections',
      tag: 'data collections',
      query: collections.collectionListQuery,
      response: page(collectionsOut.collectionSummary),
    },
  ],
  [
    'get',
    '/api/data-collections/:id',
    {
      id: 'getCollection',
      summary: 'One collection with its weeks',
      tag: 'data collections',
      response: collectionsOut.collection,
    },
  ],
  [
    'get',
    '/api/data-collections/:id/results',
    {
      id: 'getCollectionResults',
      summary:
        "All finished weeks' rows, each with its week_start; sort, filter, limit/offset and Accept as for an execution's results",
      tag: 'data collections',
      query: collections.collectionResultsQuery,
      response: collectionsOut.collectionResults,
      csv: true,
      errors: [406],
    },
  ],
  [
    'get',
    '/api/data-collections/:id/events',
    {
      id: 'streamCollectionEvents',
      summary: 'Progress as Server-Sent Events (event: progress)',
      tag: 'data collections',
      media: 'text/event-stream',
    },
  ],
  ...(['pause', 'resume', 'cancel'] as const).map((a): [Method, string, Spec] => [
    'post',
    `/api/data-collections/:id/${a}`,
    {
      id: `${a}Collection`,
      summary: `${a[0]!.toUpperCase()}${a.slice(1)} (a signal to the collection workflow)`,
      tag: 'data collections',
      status: 202,
      response: collectionsOut.collectionSignalAccepted,
      errors: [409],
    },
  ]),
  ...(
    [
      ['retry-failed', 'retryFailedCollectionWeeks', 'Run the FAILED weeks again'],
      ['rerun-stale', 'rerunStaleCollectionWeeks', 'Run the STALE weeks again with the current SQL'],
    ] as const
  ).map(([a, id, summary]): [Method, string, Spec] => [
    'post',
    `/api/data-collections/:id/${a}`,
    {
      id,
      summary,
      tag: 'data collections',
      status: 202,
      response: collectionsOut.collectionReopened,
      errors: [409],
    },
  ]),

  [
    'get',
    '/api/query-templates',
    {
      id: 'listQueryTemplates',
      summary: 'Query templates',
      tag: 'catalog',
      query: catalog.templateListQuery,
      response: z.object({ items: z.array(catalogOut.queryTemplate), nextCursor: z.null() }),
    },
  ],
  [
    'get',
    '/api/query-templates/:id',
    {
      id: 'getQueryTemplate',
      summary: 'One template (slug or UUID)',
      tag: 'catalog',
      params: z.object({ id: z.string() }),
      response: catalogOut.queryTemplate,
    },
  ],
  [
    'post',
    '/api/query-templates/:id/create-workflow',
    {
      id: 'createSavedQueryFromTemplate',
      summary: 'Saved query from a template',
      tag: 'catalog',
      params: z.object({ id: z.string() }),
      body: bodies.fromTemplate,
      status: 201,
      response: savedQueriesOut.savedQueryFromTemplate,
    },
  ],
  [
    'get',
    '/api/data-sources',
    {
      id: 'listDataSources',
      summary: 'AMC tables',
      tag: 'catalog',
      query: catalog.dataSourceListQuery,
      response: z.object({ items: z.array(catalogOut.dataSource), nextCursor: z.null() }),
    },
  ],
  [
    'get',
    '/api/data-sources/categories',
    {
      id: 'listDataSourceCategories',
      summary: 'Table categories',
      tag: 'catalog',
      response: catalogOut.dataSourceCategories,
    },
  ],
  [
    'get',
    '/api/data-sources/search',
    {
      id: 'searchDataSources',
      summary: 'Ranked search over tables and fields',
      tag: 'catalog',
      query: catalog.dataSourceSearchQuery,
      response: catalogOut.dataSourceSearch,
    },
  ],
  [
    'get',
    '/api/data-sources/compare',
    {
      id: 'compareDataSources',
      summary: 'Compare two tables field by field',
      tag: 'catalog',
      query: catalog.compareQuery,
      response: catalogOut.dataSourceComparison,
    },
  ],
  [
    'get',
    '/api/data-sources/:id',
    {
      id: 'getDataSource',
      summary: 'One table with fields (table name or UUID)',
      tag: 'catalog',
      params: z.object({ id: z.string() }),
      response: catalogOut.dataSourceWithFields,
    },
  ],
  [
    'get',
    '/api/build-guides',
    {
      id: 'listBuildGuides',
      summary: 'Build guides',
      tag: 'catalog',
      query: catalog.guideListQuery,
      response: z.object({ items: z.array(catalogOut.buildGuide), nextCursor: z.null() }),
    },
  ],
  [
    'get',
    '/api/build-guides/:id',
    {
      id: 'getBuildGuide',
      summary: 'One guide with its sections (slug or UUID)',
      tag: 'catalog',
      params: z.object({ id: z.string() }),
      response: catalogOut.buildGuide,
    },
  ],

  [
    'get',
    '/api/webhooks',
    {
      id: 'listWebhooks',
      summary: 'List webhooks',
      tag: 'webhooks',
      query: listQuery,
      response: page(webhooksOut.webhook),
    },
  ],
  [
    'post',
    '/api/webhooks',
    {
      id: 'createWebhook',
      summary: 'Register a webhook (the response shows its secret, once)',
      tag: 'webhooks',
      body: bodies.webhook,
      status: 201,
      response: webhooksOut.webhookWithSecret,
    },
  ],
  [
    'get',
    '/api/webhooks/:id',
    { id: 'getWebhook', summary: 'One webhook', tag: 'webhooks', response: webhooksOut.webhook },
  ],
  [
    'patch',
    '/api/webhooks/:id',
    {
      id: 'updateWebhook',
      summary: 'Update a webhook',
      tag: 'webhooks',
      body: bodies.webhookPatch,
      response: webhooksOut.webhook,
    },
  ],
  ['delete', '/api/webhooks/:id', { id: 'deleteWebhook', summary: 'Delete a webhook', tag: 'webhooks', status: 204 }],
  [
    'get',
    '/api/webhooks/:id/deliveries',
    {
      id: 'listWebhookDeliveries',
      summary: 'Deliveries (?status=failed for the ones to replay)',
      tag: 'webhooks',
      query: webhooks.deliveryListQuery,
      response: page(webhooksOut.delivery),
    },
  ],
  [
    'post',
    '/api/webhooks/deliveries/:deliveryId/replay',
    {
      id: 'replayWebhookDelivery',
      summary: 'Deliver again',
      tag: 'webhooks',
      params: z.object({ deliveryId: z.string().uuid() }),
      status: 202,
      response: webhooksOut.replayAccepted,
      errors: [409],
    },
  ],
];

/** `/api/executions/:id` → `/api/executions/{id}` */
export const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Validation error (details.issues carry the paths of the fields concerned)',
  401: 'UNAUTHORIZED (no token), TOKEN_EXPIRED (refresh and retry), TOKEN_INVALID or TOKEN_REVOKED; WWW-Authenticate says which',
  403: 'Forbidden (the code says why)',
  404: 'Not found (or another user’s)',
  406: 'Not acceptable: results are application/json or text/csv',
  409: 'Conflict (the code says with what)',
  413: 'Request body too large',
  422: 'AMC refused the SQL (details carry line and column)',
  429: 'Rate limited (Retry-After)',
  502: 'AMC refused the request',
  503: 'A dependency (AMC, Login with Amazon, Postgres, Temporal) is unavailable',
};

function successResponse(spec: Spec) {
  const status = spec.status ?? 200;
  if (status === 204) return { description: 'No content' };
  if (spec.media) return { description: 'OK', content: { [spec.media]: { schema: z.string() } } };
  if (!spec.response) throw new Error(`openapi: ${spec.id} has no response schema`);
  return {
    description: status === 202 ? 'Accepted: the work was started' : status === 201 ? 'Created' : 'OK',
    content: {
      'application/json': { schema: spec.response },
      ...(spec.csv && { 'text/csv': { schema: z.string() } }),
    },
  };
}

export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const ids = new Set<string>();
  for (const [method, path, spec] of ROUTES) {
    if (ids.has(spec.id)) throw new Error(`openapi: operationId ${spec.id} is used twice`);
    ids.add(spec.id);
    const params = spec.params ?? (/:id\b/.test(path) ? z.object({ id: z.string().uuid() }) : undefined);
    const errorStatuses = new Set([
      400,
      ...(spec.public ? [] : [401]),
      ...(params || !spec.public ? [404] : []),
      ...(path.startsWith('/api/') ? [429] : []),
      ...(spec.body ? [413] : []),
      ...(spec.errors ?? []),
    ]);
    const error = (description: string) => ({ description, content: { 'application/json': { schema: errorBody } } });
    registry.registerPath({
      method,
      path: toOpenApiPath(path),
      operationId: spec.id,
      summary: spec.summary,
      tags: [spec.tag],
      ...(!spec.public && { security: [{ [bearer.name]: [] }] }),
      request: {
        ...(params && { params }),
        ...(spec.query && { query: spec.query as z.ZodObject }),
        ...(spec.body && { body: { content: { 'application/json': { schema: spec.body } } } }),
      },
      responses: {
        [spec.status ?? 200]: successResponse(spec),
        ...(spec.alsoOk && {
          [spec.alsoOk.status]: {
            description: spec.alsoOk.description,
            content: { 'application/json': { schema: spec.alsoOk.response } },
          },
        }),
        ...(spec.id === 'finishLogin' && {
          303: {
            description:
              'A browser (Accept: text/html) is sent to the console with the session in the URL fragment (never the query)',
            headers: { Location: { schema: { type: 'string' } } },
          },
        }),
        ...Object.fromEntries([...errorStatuses].sort().map((s) => [s, error(ERROR_DESCRIPTIONS[s] ?? 'Error')])),
        default: error('Any other error (500 INTERNAL_ERROR…), in the same shape'),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'RecomAMP API',
      version: '0.1.0',
      description:
        'AMC SQL work, run durably on Temporal. Errors: {error:{code,message,details?}}. Lists: {items, nextCursor}. ' +
        'A typed TypeScript client generated from this document ships in client/ (see README).',
    },
    servers: [{ url: opts.serverUrl ?? '/', description: 'this API (relative: the origin serving the document)' }],
  });
}
