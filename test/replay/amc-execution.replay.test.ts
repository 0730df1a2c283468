/**
 * Determinism: the execution workflow replays from recorded histories without a non-determinism error.
 * `histories/*.json` are committed (recorded from earlier code, so a change that breaks running workflows fails
 * here); a fresh history recorded in this run is replayed too. RECORD_HISTORIES=1 saves the fresh one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Worker } from '@temporalio/worker';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';
import { payloadDataConverter } from '../../lib/payload-codec';

const historiesDir = path.join(__dirname, 'histories');
/** With the payload codec: fresh histories are encrypted, the committed one is not (the codec passes it through). */
const bundle = () => ({
  workflowBundle: { codePath: process.env.RECOMAMP_TEST_WORKFLOW_BUNDLE! },
  dataConverter: payloadDataConverter(stack.config.observability.payloadKeys),
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

describe('amcExecutionWorkflow replay', () => {
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
    if (process.env.RECORD_HISTORIES === '1') {
      // The CLI writes the same JSON as the Temporal UI's "download history".
      const json = execFileSync(process.env.RECOMAMP_TEST_TEMPORAL_CLI!, [
        'workflow',
        'show',
        '--workflow-id',
        execution.temporalWorkflowId,
        '--output',
        'json',
        '--address',
        stack.config.temporal.address,
        '--namespace',
        stack.config.temporal.namespace,
      ]);
      fs.writeFileSync(path.join(historiesDir, 'amc-execution-succeeded.json'), json);
    }
  });

  const recorded = fs.readdirSync(historiesDir).filter((f) => f.endsWith('.json'));
  test('committed histories exist', () => {
    if (process.env.RECORD_HISTORIES !== '1') expect(recorded.length).toBeGreaterThan(0);
  });
  if (recorded.length > 0)
    test.each(recorded)('when the committed history %s is replayed, then it is deterministic', async (file) => {
      // The worker converts the JSON itself (its own protobuf types; jest's module registry has other copies).
      const history = JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8'));
      await Worker.runReplayHistory(bundle(), history, file);
    });
});
