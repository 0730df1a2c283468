/**
 * The OpenAPI 3.1 document, generated (@asteasolutions/zod-to-openapi) from the same zod schemas the routes
 * validate with (api/schemas/*). Every route the app mounts is listed here; test/api/openapi.test.ts walks the
 * Express router and fails on a route missing from the document.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import * as auth from './schemas/auth';
import * as catalog from './schemas/catalog';
import { codecBody } from './schemas/codec';
import * as collections from './schemas/data-collections';
import * as executions from './schemas/executions';
import * as instances from './schemas/instances';
import * as savedQueries from './schemas/saved-queries';
import * as schedules from './schemas/schedules';
import * as webhooks from './schemas/webhooks';
import { listQuery } from './validate';
import { WEBHOOK_EVENTS } from '../db/tables';
import { EXECUTION_STATUSES } from '../lib/execution-statuses';
import { WEBHOOK_DELIVERY_STATUSES } from '../lib/webhook-delivery-statuses';

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
const anyObject = z.record(z.string(), z.unknown());
const page = (item: z.ZodType) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
const execution = z.object({
  id: z.string().uuid(),
  workflowId: z.string().uuid(),
  instanceId: z.string().uuid(),
  status: z.enum(EXECUTION_STATUSES),
  amcExecutionId: z.string().nullable(),
  timeWindowStart: z.string(),
  timeWindowEnd: z.string(),
  parameters: anyObject,
  sqlQuery: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  expectedCompletionAt: z
    .string()
    .nullable()
    .describe("When AMC is expected to finish the run, from its saved query's past runs; null without history"),
  rowCount: z.number().nullable().optional(),
  temporalWorkflowId: z.string(),
  error: z
    .object({ code: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() })
    .optional(),
});
const webhook = z.object({
  id: z.string().uuid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const delivery = z.object({
  id: z.string().uuid(),
  webhookId: z.string().uuid(),
  event: z.enum(WEBHOOK_EVENTS),
  subjectId: z.string().uuid(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  payload: anyObject,
});
const codecPayloads = codecBody;
const id = z.object({ id: z.string().uuid() });

type Method = RouteConfig['method'];
interface Spec {
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  /** text/event-stream, text/csv, text/plain… instead of JSON. */
  media?: string;
  public?: boolean;
}

/** [method, path (Express syntax), spec]: the catalogue of every route. */
const ROUTES: [Method, string, Spec][] = [
  [
    'get',
    '/health',
    { summary: 'Liveness', tag: 'health', public: true, response: z.object({ status: z.literal('ok') }) },
  ],
  ['get', '/ready', { summary: 'Readiness: Postgres and Temporal answer', tag: 'health', public: true }],
  ['get', '/metrics', { summary: 'Prometheus metrics', tag: 'health', public: true, media: 'text/plain' }],
  ['get', '/openapi.json', { summary: 'This document', tag: 'health', public: true }],
  ['get', '/docs', { summary: 'Browsable API reference', tag: 'health', public: true, media: 'text/html' }],
  [
    'post',
    '/codec/decode',
    {
      summary: 'Temporal remote codec: decrypt payloads (operator token)',
      tag: 'operators',
      body: codecPayloads,
      response: codecPayloads,
    },
  ],
  [
    'post',
    '/codec/encode',
    {
      summary: 'Temporal remote codec: encrypt payloads (operator token)',
      tag: 'operators',
      body: codecPayloads,
      response: codecPayloads,
    },
  ],
  [
    'post',
    '/codec/:token/decode',
    {
      summary: 'Decode, operator token in the path (the Temporal UI codec endpoint …/codec/<token>)',
      tag: 'operators',
      public: true,
      params: z.object({ token: z.string() }),
      body: codecPayloads,
      response: codecPayloads,
    },
  ],
  [
    'post',
    '/codec/:token/encode',
    {
      summary: 'Encode, operator token in the path',
      tag: 'operators',
      public: true,
      params: z.object({ token: z.string() }),
      body: codecPayloads,
      response: codecPayloads,
    },
  ],

  ['get', '/api/auth/amazon/login', { summary: 'Login-with-Amazon authorization URL', tag: 'auth', public: true }],
  [
    'get',
    '/api/auth/amazon/callback',
    { summary: 'Exchange the LWA code, sign in', tag: 'auth', public: true, query: auth.callbackQuery },
  ],
  [
    'post',
    '/api/auth/refresh',
    { summary: 'Rotate the refresh token', tag: 'auth', public: true, body: auth.refreshBody },
  ],
  ['get', '/api/auth/user', { summary: 'The signed-in user', tag: 'auth' }],
  [
    'post',
    '/api/auth/logout',
    { summary: 'Revoke the refresh token', tag: 'auth', body: auth.logoutBody, status: 204 },
  ],

  ['get', '/api/instances/discover', { summary: 'AMC instances visible to the Amazon token', tag: 'instances' }],
  ['get', '/api/instances', { summary: 'List instances', tag: 'instances', query: listQuery }],
  [
    'post',
    '/api/instances',
    { summary: 'Import an AMC instance', tag: 'instances', body: instances.instanceBody, status: 201 },
  ],
  ['get', '/api/instances/:id', { summary: 'One instance', tag: 'instances' }],
  ['put', '/api/instances/:id', { summary: 'Update an instance', tag: 'instances', body: instances.instanceBody }],
  ['delete', '/api/instances/:id', { summary: 'Delete an instance', tag: 'instances', status: 204 }],
  ['post', '/api/instances/:id/validate', { summary: 'A live call to AMC', tag: 'instances' }],

  ['get', '/api/workflows', { summary: 'List saved queries', tag: 'saved queries', query: listQuery }],
  [
    'post',
    '/api/workflows',
    { summary: 'Save a query', tag: 'saved queries', body: savedQueries.savedQueryBody, status: 201 },
  ],
  ['get', '/api/workflows/:id', { summary: 'One saved query', tag: 'saved queries' }],
  [
    'put',
    '/api/workflows/:id',
    { summary: 'Update a saved query', tag: 'saved queries', body: savedQueries.savedQueryBody },
  ],
  ['delete', '/api/workflows/:id', { summary: 'Delete a saved query', tag: 'saved queries', status: 204 }],
  [
    'post',
    '/api/workflows/:id/execute',
    { summary: 'Run it on AMC (Temporal workflow)', tag: 'saved queries', body: savedQueries.executeBody, status: 202 },
  ],
  ['post', '/api/workflows/:id/sync', { summary: 'Save it at AMC as a saved workflow', tag: 'saved queries' }],
  [
    'post',
    '/api/workflows/:id/schedules',
    { summary: 'Create a schedule', tag: 'schedules', body: schedules.scheduleBody, status: 201 },
  ],

  [
    'get',
    '/api/executions',
    { summary: 'List executions', tag: 'executions', query: executions.executionListQuery, response: page(execution) },
  ],
  ['get', '/api/executions/:id', { summary: 'One execution', tag: 'executions', response: execution }],
  ['get', '/api/executions/:id/history', { summary: 'Status transitions', tag: 'executions' }],
  [
    'get',
    '/api/executions/:id/results',
    { summary: 'Result rows (json or csv)', tag: 'executions', query: executions.resultsQuery },
  ],
  ['post', '/api/executions/:id/cancel', { summary: 'Cancel (at AMC too)', tag: 'executions', status: 202 }],
  [
    'get',
    '/api/executions/:id/events',
    { summary: 'Status changes as Server-Sent Events (event: status)', tag: 'executions', media: 'text/event-stream' },
  ],

  ['get', '/api/schedules', { summary: 'List schedules', tag: 'schedules', query: schedules.scheduleListQuery }],
  ['get', '/api/schedules/:id', { summary: 'One schedule', tag: 'schedules' }],
  [
    'patch',
    '/api/schedules/:id',
    { summary: 'Update a schedule', tag: 'schedules', body: schedules.schedulePatchBody },
  ],
  ['delete', '/api/schedules/:id', { summary: 'Delete a schedule', tag: 'schedules', status: 204 }],
  [
    'get',
    '/api/schedules/:id/runs',
    { summary: 'Runs and skipped fires', tag: 'schedules', query: schedules.runsQuery },
  ],
  ['post', '/api/schedules/:id/pause', { summary: 'Pause', tag: 'schedules', body: schedules.pauseBody }],
  ['post', '/api/schedules/:id/resume', { summary: 'Resume', tag: 'schedules' }],
  ['post', '/api/schedules/:id/trigger', { summary: 'Run now', tag: 'schedules' }],
  [
    'post',
    '/api/schedules/:id/backfill',
    { summary: 'Run past times', tag: 'schedules', body: schedules.backfillBody },
  ],

  [
    'post',
    '/api/data-collections',
    {
      summary: 'Start a weekly backfill',
      tag: 'data collections',
      body: collections.createCollectionBody,
      status: 202,
    },
  ],
  [
    'get',
    '/api/data-collections',
    { summary: 'List collections', tag: 'data collections', query: collections.collectionListQuery },
  ],
  ['get', '/api/data-collections/:id', { summary: 'One collection with its weeks', tag: 'data collections' }],
  [
    'get',
    '/api/data-collections/:id/results',
    { summary: "All weeks' rows", tag: 'data collections', query: collections.collectionResultsQuery },
  ],
  [
    'get',
    '/api/data-collections/:id/events',
    {
      summary: 'Progress as Server-Sent Events (event: progress)',
      tag: 'data collections',
      media: 'text/event-stream',
    },
  ],
  ...(['pause', 'resume', 'cancel', 'retry-failed', 'rerun-stale'] as const).map((a): [Method, string, Spec] => [
    'post',
    `/api/data-collections/:id/${a}`,
    { summary: a, tag: 'data collections', status: 202 },
  ]),

  ['get', '/api/query-templates', { summary: 'Query templates', tag: 'catalog', query: catalog.templateListQuery }],
  [
    'get',
    '/api/query-templates/:id',
    { summary: 'One template (slug or UUID)', tag: 'catalog', params: z.object({ id: z.string() }) },
  ],
  [
    'post',
    '/api/query-templates/:id/create-workflow',
    {
      summary: 'Saved query from a template',
      tag: 'catalog',
      params: z.object({ id: z.string() }),
      body: catalog.createFromTemplateBody,
      status: 201,
    },
  ],
  ['get', '/api/data-sources', { summary: 'AMC tables', tag: 'catalog', query: catalog.dataSourceListQuery }],
  ['get', '/api/data-sources/categories', { summary: 'Table categories', tag: 'catalog' }],
  [
    'get',
    '/api/data-sources/search',
    { summary: 'Ranked search', tag: 'catalog', query: catalog.dataSourceSearchQuery },
  ],
  ['get', '/api/data-sources/compare', { summary: 'Compare tables', tag: 'catalog', query: catalog.compareQuery }],
  [
    'get',
    '/api/data-sources/:id',
    { summary: 'One table with fields', tag: 'catalog', params: z.object({ id: z.string() }) },
  ],
  ['get', '/api/build-guides', { summary: 'Build guides', tag: 'catalog', query: catalog.guideListQuery }],
  ['get', '/api/build-guides/:id', { summary: 'One guide', tag: 'catalog', params: z.object({ id: z.string() }) }],

  ['get', '/api/webhooks', { summary: 'List webhooks', tag: 'webhooks', query: listQuery, response: page(webhook) }],
  [
    'post',
    '/api/webhooks',
    {
      summary: 'Register a webhook (the response shows its secret, once)',
      tag: 'webhooks',
      body: webhooks.webhookBody,
      status: 201,
      response: webhook.extend({ secret: z.string() }),
    },
  ],
  ['get', '/api/webhooks/:id', { summary: 'One webhook', tag: 'webhooks', response: webhook }],
  [
    'patch',
    '/api/webhooks/:id',
    { summary: 'Update a webhook', tag: 'webhooks', body: webhooks.webhookPatchBody, response: webhook },
  ],
  ['delete', '/api/webhooks/:id', { summary: 'Delete a webhook', tag: 'webhooks', status: 204 }],
  [
    'get',
    '/api/webhooks/:id/deliveries',
    {
      summary: 'Deliveries (?status=failed for the ones to replay)',
      tag: 'webhooks',
      query: webhooks.deliveryListQuery,
      response: page(delivery),
    },
  ],
  [
    'post',
    '/api/webhooks/deliveries/:deliveryId/replay',
    { summary: 'Deliver again', tag: 'webhooks', params: z.object({ deliveryId: z.string().uuid() }), status: 202 },
  ],
];

/** `/api/executions/:id` → `/api/executions/{id}` */
export const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function buildOpenApiDocument(opts: { serverUrl?: string } = {}) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const [method, path, spec] of ROUTES) {
    const hasId = /:id\b/.test(path);
    const params = spec.params ?? (hasId ? id : undefined);
    const okStatus = spec.status ?? 200;
    const success =
      okStatus === 204
        ? { description: 'No content' }
        : {
            description: 'OK',
            content: {
              [spec.media ?? 'application/json']: { schema: spec.media ? z.string() : (spec.response ?? anyObject) },
            },
          };
    registry.registerPath({
      method,
      path: toOpenApiPath(path),
      summary: spec.summary,
      tags: [spec.tag],
      ...(!spec.public && { security: [{ [bearer.name]: [] }] }),
      request: {
        ...(params && { params }),
        ...(spec.query && { query: spec.query as z.ZodObject }),
        ...(spec.body && { body: { content: { 'application/json': { schema: spec.body } } } }),
      },
      responses: {
        [okStatus]: success,
        400: { description: 'Validation error', content: { 'application/json': { schema: errorBody } } },
        ...(!spec.public && {
          401: { description: 'Missing or invalid token', content: { 'application/json': { schema: errorBody } } },
        }),
        ...((params || !spec.public) && {
          404: { description: 'Not found (or another user’s)', content: { 'application/json': { schema: errorBody } } },
        }),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'RecomAMP API',
      version: '0.1.0',
      description: 'AMC SQL work, run durably on Temporal. Errors: {error:{code,message,details?}}.',
    },
    ...(opts.serverUrl && { servers: [{ url: opts.serverUrl }] }),
  });
}
