/** The OpenAPI document covers every route the app mounts (walked from the Express router), and is served. */
import { createApp } from '../../api/app';
import { toOpenApiPath } from '../../api/openapi';
import { call } from '../helpers/api-client';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true });
});
afterAll(() => stack?.close());

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: unknown;
}

/** Every `METHOD /path` of a router stack, mount paths included (Express 5: layer.rawPath). */
function routesOf(layers: LayerLike[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    if (layer.route) {
      const path = `${prefix}${layer.route.path === '/' && prefix ? '' : layer.route.path}`;
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on && method !== '_all') out.push(`${method} ${path}`);
    } else if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...routesOf(layer.handle.stack, `${prefix}${mount}`));
    }
  }
  return out;
}

describe('OpenAPI', () => {
  test('when the app is built, then every mounted route is in /openapi.json', async () => {
    const app = createApp(stack.deps) as unknown as { router: { stack: LayerLike[] } };
    const mounted = [...new Set(routesOf(app.router.stack))];
    expect(mounted.length).toBeGreaterThan(60);
    const res = await call(stack.apiUrl, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m} ${p}`),
      ),
    );
    const missing = mounted
      .map((r) => r.replace(/ (.*)$/, (_m, p: string) => ` ${toOpenApiPath(p)}`))
      .filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  test('when a route validates a body, then the document carries that zod schema', async () => {
    const res = await call(stack.apiUrl, 'GET', '/openapi.json');
    const post = res.body.paths['/api/webhooks'].post;
    const ref: string = post.requestBody.content['application/json'].schema.$ref;
    expect(ref).toBe('#/components/schemas/WebhookInput');
    const schema = res.body.components.schemas.WebhookInput;
    expect(schema.properties.events.items.enum).toEqual([
      'execution.succeeded',
      'execution.failed',
      'execution.cancelled',
      'collection.completed',
    ]);
    expect(schema.required).toEqual(expect.arrayContaining(['url', 'events']));
    expect(res.body.paths['/api/executions/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });

  test('when a client is generated, then every operation has a unique operationId, typed responses and a server', async () => {
    const { body: doc } = await call(stack.apiUrl, 'GET', '/openapi.json');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ where: `${method} ${path}`, op })),
    );
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    // Every success answer names its content: a JSON schema (no untyped object), a stream, text, or no body.
    const untyped = ops.flatMap(({ where, op }) =>
      Object.entries(op.responses as Record<string, any>)
        .filter(([status]) => /^2/.test(status))
        .filter(([status, r]) => status !== '204' && !r.content)
        .map(([status]) => `${where} ${status}`),
    );
    expect(untyped).toEqual([]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Execution', 'Error', 'SavedQuery']));
    expect(Object.keys(doc.paths['/api/schedules/{id}/trigger'].post.responses)).toContain('202');
    expect(Object.keys(doc.paths['/api/schedules/{id}/backfill'].post.responses)).toContain('202');
    expect(Object.keys(doc.components.schemas.Execution.properties)).toEqual(
      expect.arrayContaining(['amcStatus', 'runKind', 'queuePosition', 'timeWindowTimeZone', 'expectedCompletionAt']),
    );
  });
});
