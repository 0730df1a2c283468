/** Server-Sent Events of execution and collection status, fed by Postgres LISTEN/NOTIFY. */
import { call } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { readSse } from '../helpers/sse';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    // Long enough that the stream is open before the run leaves PENDING; heartbeats every 0.2 s.
    simulator: { executionSeconds: 1.5, pendingSeconds: 0.5 },
    env: { SSE_HEARTBEAT_SECONDS: '0.2' },
  });
});
afterAll(() => stack?.close());

describe('execution events (SSE)', () => {
  test('when an execution runs, then its stream sends PENDING, RUNNING, SUCCEEDED in order and ends', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    // Start with the worker stopped so the stream is surely open while the run is PENDING.
    await stack.stopWorker();
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    expect(started.status).toBe(202);
    const id = started.body.executionId;
    const res = await readSse(`${stack.apiUrl}/api/executions/${id}/events`, ws.token, {
      onOpen: async () => void (await stack.startWorker()),
      timeoutMs: 45_000,
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/event-stream/);
    expect(res.events.map((e) => e.event)).toEqual(['status', 'status', 'status']);
    expect(res.events.map((e) => e.data.status)).toEqual(['PENDING', 'RUNNING', 'SUCCEEDED']);
    expect(res.events[2]!.data.executionId).toBe(id);
    expect(res.comments.some((c) => c.startsWith('heartbeat'))).toBe(true);
  });

  test('when the execution is already finished, then the stream sends its status once and ends', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    const first = await readSse(`${stack.apiUrl}/api/executions/${started.body.executionId}/events`, ws.token);
    expect(first.events.at(-1)!.data.status).toBe('SUCCEEDED');
    const again = await readSse(`${stack.apiUrl}/api/executions/${started.body.executionId}/events`, ws.token);
    expect(again.events.map((e) => e.data.status)).toEqual(['SUCCEEDED']);
  });

  test('when another user asks for the stream, then it is a 404 before anything is streamed', async () => {
    const owner = await createWorkspace(stack.apiUrl);
    const other = await createWorkspace(stack.apiUrl);
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${owner.savedQuery.id}/execute`, {
      token: owner.token,
      body: {},
    });
    const res = await readSse(`${stack.apiUrl}/api/executions/${started.body.executionId}/events`, other.token);
    expect(res.status).toBe(404);
    expect(
      (await readSse(`${stack.apiUrl}/api/data-collections/${started.body.executionId}/events`, owner.token)).status,
    ).toBe(404);
  });
});

describe('collection events (SSE)', () => {
  test('when a collection runs, then its stream reports progress and ends with the final status', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const created = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: '2026-01-05', endDate: '2026-01-18' },
    });
    expect(created.status).toBe(202);
    const res = await readSse(`${stack.apiUrl}/api/data-collections/${created.body.id}/events`, ws.token, {
      timeoutMs: 60_000,
    });
    expect(res.status).toBe(200);
    expect(res.events.every((e) => e.event === 'progress')).toBe(true);
    const last = res.events.at(-1)!.data;
    expect(last).toMatchObject({
      collectionId: created.body.id,
      status: 'SUCCEEDED',
      totalWeeks: 2,
      finishedWeeks: 2,
      progress: 1,
    });
    const progress = res.events.map((e) => e.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b)); // never goes backwards
  });
});
