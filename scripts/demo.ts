/**
 * `npm run demo` (with `npm start` running): the newcomer's first success, through the REST API only.
 * Signs in with Amazon (the simulator), imports the discovered AMC instance, saves a query from a seeded template,
 * executes it, waits for it and prints the rows the simulator's sandbox computed from its synthetic AMC data.
 */
import { loadConfig } from '../config';
import { isTerminalExecutionStatus } from '../lib/execution-statuses';

const config = loadConfig();
const api = config.api.publicUrl;

async function call(method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(token && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return parsed;
}

async function main(): Promise<void> {
  try {
    await fetch(`${api}/health`);
  } catch {
    throw new Error(`the API is not answering at ${api}: run "npm start" first (in another terminal)`);
  }

  console.log('1. Signing in with Amazon (simulator)…');
  // Like a browser: the login answer sets a cookie binding the login to this client; the callback brings it back.
  const loginStart = await fetch(`${api}/api/auth/amazon/login`);
  const cookie = loginStart.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const { authorizationUrl } = (await loginStart.json()) as { authorizationUrl: string };
  const approved = await fetch(authorizationUrl, { redirect: 'manual' });
  const callback = new URL(approved.headers.get('location')!);
  const finished = await fetch(`${api}${callback.pathname}${callback.search}`, {
    headers: { cookie: cookie.join('; ') },
  });
  if (!finished.ok) throw new Error(`sign-in callback → ${finished.status} ${await finished.text()}`);
  const session = (await finished.json()) as { accessToken: string; user: { name: string; email: string } };
  const token: string = session.accessToken;
  console.log(`   signed in as ${session.user.name} <${session.user.email}>`);

  console.log('2. Discovering AMC instances…');
  const discovered = await call('GET', '/api/instances/discover', token);
  const found = discovered.items[0];
  console.log(`   found ${found.instanceId} (${found.name}) in account ${found.account.accountId}`);
  const instanceId: string =
    found.importedId ??
    (
      await call('POST', '/api/instances', token, {
        instanceId: found.instanceId,
        name: found.name,
        account: found.account,
      })
    ).id;

  const slug = 'dsp-reach-frequency-by-campaign';
  console.log(`3. Saving a query from the seeded template "${slug}"…`);
  const template = await call('GET', `/api/query-templates/${slug}`, token);
  console.log(`   ${template.name}: ${template.description}`);
  const saved = await call('POST', `/api/query-templates/${slug}/create-workflow`, token, {
    instanceId,
    parameters: template.exampleParameters ?? {},
  });

  console.log('4. Executing it on AMC through Temporal…');
  const started = await call('POST', `/api/workflows/${saved.id}/execute`, token, {});
  console.log(`   execution ${started.executionId} (Temporal workflow amc-execution/${started.executionId})`);
  let execution: any;
  let last = '';
  for (const deadline = Date.now() + 180_000; ;) {
    execution = await call('GET', `/api/executions/${started.executionId}`, token);
    if (execution.status !== last)
      console.log(`   ${execution.status}${execution.amcStatus ? ` (AMC: ${execution.amcStatus})` : ''}`);
    last = execution.status;
    if (isTerminalExecutionStatus(execution.status)) break;
    if (Date.now() > deadline) throw new Error('the execution did not finish within 3 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  if (execution.status !== 'SUCCEEDED')
    throw new Error(`execution ${execution.status}: ${JSON.stringify(execution.error)}`);

  const results = await call('GET', `/api/executions/${started.executionId}/results?limit=20`, token);
  console.log(`5. ${results.total} rows from AMC (window ${execution.timeWindowStart} → ${execution.timeWindowEnd}):`);
  console.log(
    '   (the simulator ran this SQL in its offline sandbox over synthetic AMC data; rows under 100 users are suppressed)',
  );
  console.table(results.rows);
  console.log(
    `Temporal UI: http://127.0.0.1:${config.temporal.uiPort}/namespaces/default/workflows/${encodeURIComponent(execution.temporalWorkflowId)}`,
  );
}

main().catch((err) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
