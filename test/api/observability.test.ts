/**
 * Operators: search attributes (find runs by instance in Temporal), encrypted payloads and the codec endpoint,
 * /metrics, request ids.
 */
import { Client } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

const CODEC_TOKEN = 'operator-token-for-tests';
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { CODEC_AUTH_TOKEN: CODEC_TOKEN, CODEC_CORS_ORIGINS: 'http://ui.example' } });
});
afterAll(() => stack?.close());

async function runOne() {
  const ws = await createWorkspace(stack.apiUrl);
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body: {},
  });
  const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
  expect(execution.status).toBe('SUCCEEDED');
  return { ws, execution };
}

describe('Temporal search attributes', () => {
  test('when a run is started, then Temporal finds it by RecomampInstanceId and by the AMC instance id', async () => {
    const { ws, execution } = await runOne();
    const ids = async (query: string) => {
      const out: string[] = [];
      for await (const wf of stack.temporal.workflow.list({ query })) out.push(wf.workflowId);
      return out;
    };
    expect(await ids(`RecomampInstanceId = '${ws.instance.id}'`)).toEqual([execution.temporalWorkflowId]);
    expect(await ids(`RecomampAmcInstanceId = '${ws.instance.instanceId}' AND RecomampRunKind = 'manual'`)).toContain(
      execution.temporalWorkflowId,
    );
    const described = await stack.temporal.workflow.getHandle(execution.temporalWorkflowId).describe();
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.userId)).toBe(ws.session.user.id);
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.savedQueryId)).toBe(ws.savedQuery.id);
    expect(await described.memo).toMatchObject({ savedQueryId: ws.savedQuery.id, savedQueryName: ws.savedQuery.name });
  });
});

describe('payload encryption and the codec endpoint', () => {
  test('when history is read without the key, then payloads are encrypted; the codec endpoint decodes them for an operator', async () => {
    const { execution } = await runOne();
    const raw = new Client({ connection: stack.temporal.connection, namespace: stack.config.temporal.namespace });
    const history = await raw.workflow.getHandle(execution.temporalWorkflowId).fetchHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.data!).toString()).not.toContain(execution.id);

    const payloads = [
      {
        metadata: Object.fromEntries(
          Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
        ),
        data: Buffer.from(input.data!).toString('base64'),
      },
    ];
    const refused = await call(stack.apiUrl, 'POST', '/codec/decode', { body: { payloads } });
    expect(refused.status).toBe(401);
    const wrong = await call(stack.apiUrl, 'POST', '/codec/decode', {
      body: { payloads },
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const decoded = await call(stack.apiUrl, 'POST', '/codec/decode', {
      body: { payloads },
      headers: { authorization: `Bearer ${CODEC_TOKEN}`, 'x-namespace': 'default' },
    });
    expect(decoded.status).toBe(200);
    const plain = decoded.body.payloads[0];
    expect(Buffer.from(plain.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(plain.data, 'base64').toString())).toMatchObject({ executionId: execution.id });

    // Never the token in the endpoint's path (issue #17: it would land in logs); the UI uses a codec session instead.
    const viaPath = await call(stack.apiUrl, 'POST', `/codec/${CODEC_TOKEN}/decode`, { body: { payloads } });
    expect(viaPath.status).toBe(404);

    const reencoded = await call(stack.apiUrl, 'POST', '/codec/encode', {
      body: { payloads: [plain] },
      headers: { authorization: `Bearer ${CODEC_TOKEN}` },
    });
    expect(Buffer.from(reencoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  });

  test('when the Temporal UI sends a preflight from an allowed origin, then CORS allows it', async () => {
    const res = await fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://ui.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://ui.example');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const other = await fetch(`${stack.apiUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('metrics and request ids', () => {
  test('when requests and runs happened, then /metrics shows route-pattern latency, executions, AMC calls and token refreshes', async () => {
    const { ws, execution } = await runOne();
    await call(stack.apiUrl, 'GET', `/api/executions/${execution.id}`, { token: ws.token });
    await call(stack.apiUrl, 'GET', `/api/executions/00000000-0000-4000-8000-000000000000`, { token: ws.token });
    const res = await fetch(`${stack.apiUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /recomamp_http_request_duration_seconds_count\{method="GET",route="\/api\/executions\/:id",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /recomamp_http_request_duration_seconds_count\{method="GET",route="\/api\/executions\/:id",status="404"\} \d+/,
    );
    expect(text).not.toContain(execution.id);
    expect(text).toMatch(/recomamp_executions\{status="SUCCEEDED"\} [1-9]/);
    expect(text).toMatch(
      /recomamp_amc_calls_total\{method="POST",endpoint="\/amc\/reporting\/:id\/workflowExecutions",status="200"\} [1-9]/,
    );
    expect(text).toContain('recomamp_amc_circuit_state');
    expect(text).toContain('recomamp_data_collections');
    expect(text).toContain('recomamp_process_cpu_seconds_total');
  });

  test('when a request carries a sane X-Request-Id, then it is echoed; otherwise one is generated', async () => {
    const echoed = await call(stack.apiUrl, 'GET', '/health', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
    const generated = await call(stack.apiUrl, 'GET', '/api/nowhere', {
      headers: { 'x-request-id': 'bad id with spaces <script>' },
    });
    expect(generated.status).toBe(401);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
