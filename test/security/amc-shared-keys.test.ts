/**
 * AMC's quota gate and circuit breaker are shared by every user of one AMC instance, so their keys must be an AMC
 * instance the user really has (issue #17). Mallory's registration claims Alice's AMC instance and account (an
 * AMC id typed in, never confirmed by AMC): her work may neither take Alice's quota slots nor open Alice's circuit.
 */
import { AmcApiError } from '../../amc/client';
import { createActivities } from '../../activities';
import { createAmcSession } from '../../activities/amc-session';
import { createCircuitBreaker } from '../../amazon/circuit-breaker';
import { call } from '../helpers/api-client';
import { createWorkspace, insertExecutionRow, uniqueSimUser, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let alice: Workspace;
let mallory: Workspace;

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  [alice, mallory] = await Promise.all([
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('keys-alice') }),
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('keys-mallory') }),
  ]);
  // Alice's instance is confirmed by AMC (a live call with her token succeeds).
  const validated = await call(stack.apiUrl, 'POST', `/api/instances/${alice.instance.id}/validate`, {
    token: alice.token,
  });
  expect(validated.body.ok).toBe(true);
  // Mallory's row names Alice's AMC instance and account, never confirmed by AMC. (Registration now asks AMC's
  // listings with the user's token and refuses such a claim; a row from before that, or edited in the database,
  // still looks like this.)
  const row = await stack.db('amc_instances').where({ id: mallory.instance.id }).first();
  await stack.db('amc_accounts').where({ id: row.account_id }).update({ account_id: alice.instance.account.accountId });
  await stack
    .db('amc_instances')
    .where({ id: mallory.instance.id })
    .update({ instance_id: alice.instance.instanceId, amc_verified_at: null });
});
afterAll(() => stack?.close());

const activities = (perInstance: number) =>
  createActivities({
    repos: stack.deps.systemRepos,
    amc: stack.deps.amc,
    tokens: stack.deps.amazonTokens,
    quota: { perInstance, perAccount: 200, staleWaiterSeconds: 600 },
  });

test("when Mallory's unconfirmed claim to Alice's AMC instance runs, then it never holds one of Alice's slots", async () => {
  const { acquireAmcQuotaSlot, releaseAmcQuotaSlot } = activities(1);
  const [aliceFirst, aliceSecond, malloryRun] = [
    await insertExecutionRow(stack, alice),
    await insertExecutionRow(stack, alice),
    await insertExecutionRow(stack, mallory),
  ];
  expect(await acquireAmcQuotaSlot({ executionId: aliceFirst })).toEqual({ granted: true });
  // AMC refuses Mallory's token for Alice's instance: her run fails for good instead of queueing behind Alice.
  const refused = await acquireAmcQuotaSlot({ executionId: malloryRun }).catch((e: unknown) => e);
  expect(refused).toMatchObject({ type: 'AMC_REQUEST_REJECTED', nonRetryable: true });
  await releaseAmcQuotaSlot({ executionId: aliceFirst });
  // The freed slot goes to Alice's next run, not to Mallory's.
  expect(await acquireAmcQuotaSlot({ executionId: aliceSecond })).toEqual({ granted: true });
  expect(await stack.db('amc_quota_tickets').where({ execution_id: malloryRun })).toEqual([]);
  await releaseAmcQuotaSlot({ executionId: aliceSecond });
});

test("when AMC fails Mallory's calls about Alice's instance id, then Alice's circuit stays closed", async () => {
  const breaker = createCircuitBreaker({
    circuits: stack.deps.systemRepos.amcCircuits,
    settings: { failureThreshold: 1, openSeconds: 60, probeWaitSeconds: 1, probeLeaseSeconds: 60 },
  });
  const withAmc = createAmcSession({
    amcInstances: stack.deps.systemRepos.amcInstances,
    tokens: stack.deps.amazonTokens,
    breaker,
  });
  const outage = await withAmc({ userId: mallory.session.user.id, instanceUuid: mallory.instance.id }, () => {
    throw new AmcApiError({ kind: 'server', status: 503, details: 'down' });
  }).catch((e: unknown) => e);
  expect(outage).toBeInstanceOf(AmcApiError);
  const view = await call(stack.apiUrl, 'GET', `/api/instances/${alice.instance.id}`, { token: alice.token });
  expect(view.body.circuit).toMatchObject({ state: 'closed', failures: 0 });
  // Mallory's own circuit took the failure.
  const own = await call(stack.apiUrl, 'GET', `/api/instances/${mallory.instance.id}`, { token: mallory.token });
  expect(own.body.circuit).toMatchObject({ state: 'open', failures: 1 });
});
