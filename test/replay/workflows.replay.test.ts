/**
 * Determinism: workflows replay from recorded histories without a non-determinism error. `histories/*.json` are
 * committed (one of each kind of workflow, recorded by `npm run replay:record`, test/replay/record-histories.ts),
 * so a change to workflow code that would break running workflows fails here; a fresh history recorded in this
 * run is replayed too.
 *
 * When this test fails after a change to workflow code:
 * - before the first release (now): no workflow of an older version runs anywhere, so change the code and
 *   re-record (`npm run replay:record`), committing the new histories with the change;
 * - after a release: a `patched('change-id')` branch is owed (samples-typescript patching-api), keeping the old
 *   path for histories that took it; keep the old histories and record new ones next to them. Re-recording to
 *   make this test pass would hide exactly the break it exists to catch. See ARCHITECTURE.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';
import { payloadDataConverter } from '../../lib/payload-codec';

const historiesDir = path.join(__dirname, 'histories');
/** With the payload codec: histories are encrypted under the test configuration's default payload key. */
const bundle = () => ({
  workflowBundle: { codePath: process.env.RECOMAMP_TEST_WORKFLOW_BUNDLE! },
  dataConverter: payloadDataConverter(stack.config.observability.payloadKeys),
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe('workflow replay', () => {
  test('when a fresh successful run is replayed, then it is deterministic', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
    expect(execution.status).toBe('SUCCEEDED');
    const history = await stack.temporal.workflow.getHandle(execution.temporalWorkflowId).fetchHistory();
    await Worker.runReplayHistory(bundle(), history, execution.temporalWorkflowId);
  });

  test('when a fresh run polled on a plan (its query has history) is replayed, then it is deterministic', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const run = async () => {
      const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: {},
      });
      return waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
    };
    await run(); // the history the next run is planned from
    const planned = await run();
    expect(planned.expectedCompletionAt).not.toBeNull();
    const history = await stack.temporal.workflow.getHandle(planned.temporalWorkflowId).fetchHistory();
    expect(history.events!.some((e) => e.timerStartedEventAttributes)).toBe(true);
    await Worker.runReplayHistory(bundle(), history, planned.temporalWorkflowId);
  });

  const recorded = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
  test('committed histories exist', () => {
    expect(recorded.length).toBeGreaterThan(0);
  });
  if (recorded.length > 0)
    test.each(recorded)('when the committed history %s is replayed, then it is deterministic', async (file) => {
      // The worker converts the JSON itself (its own protobuf types; jest's module registry has other copies).
      // Recorded files carry the run's workflowId beside the events (a collection derives its children's ids from it).
      const { workflowId, ...history } = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
      await Worker.runReplayHistory(bundle(), history, workflowId ?? file);
    });
});
