/**
 * The other tests poll every 0.2–1 s to finish fast. This one runs an execution with the poll and quota
 * intervals RecomAMP ships with (config defaults), so a retry policy Temporal would refuse at those values
 * (e.g. a cap below the first interval) fails here, not in production.
 */
import { loadConfig } from '../../config';
import { backOffRange } from '../../workflows/activity-options';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

const { executions } = loadConfig({});
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    simulator: { executionSeconds: 1, pendingSeconds: 0 },
    settings: { pollInitialSeconds: executions.pollInitialSeconds, pollMaxSeconds: executions.pollMaxSeconds },
  });
});
afterAll(() => stack?.close());

describe('shipped poll settings', () => {
  test('a back-off cap below the first interval lowers the first interval', () => {
    expect(backOffRange(5, 2)).toEqual({ initial: '2 seconds', maximum: '2 seconds' });
    expect(backOffRange(0.2, 60)).toEqual({ initial: '0.2 seconds', maximum: '60 seconds' });
  });

  test('when an execution runs with the default poll intervals, then it completes', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId, undefined, 50_000);
    expect(execution.status).toBe('SUCCEEDED');
  });
});
