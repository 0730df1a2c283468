/** Setting up what most tests need through the API itself: a user, an imported instance, a saved query. */
import { randomUUID } from 'node:crypto';
import type { ExecutionsDb } from '../../db/executions';
import type { NewExecutionRow } from '../../db/tables';
import { newExecutionRow } from '../../services/record-execution';
import { call, login, type Session } from './api-client';

export interface Workspace {
  session: Session;
  token: string;
  instance: any;
  savedQuery: any;
}

/** Imports the first instance `discover` lists for the user. */
export async function importDiscoveredInstance(apiUrl: string, token: string): Promise<any> {
  const discovered = await call(apiUrl, 'GET', '/api/instances/discover', { token });
  if (discovered.status !== 200) throw new Error(`discover: ${discovered.status} ${JSON.stringify(discovered.body)}`);
  const first = discovered.body.items[0];
  const created = await call(apiUrl, 'POST', '/api/instances', {
    token,
    body: { instanceId: first.instanceId, name: first.name, account: first.account },
  });
  if (created.status !== 201) throw new Error(`create instance: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** The simulator runs SQL on synthetic data where `impressions` is 1 per row, so the filter applies per campaign. */
export const CAMPAIGN_QUERY = `WITH per_campaign AS (
  SELECT campaign,
    SUM(impressions) AS impressions,
    COUNT(DISTINCT user_id) AS reach
  FROM dsp_impressions
  GROUP BY campaign
)
SELECT campaign, impressions, reach FROM per_campaign
WHERE impressions >= {{min_impressions}}`;

/**
 * A fresh Amazon user per workspace: test files share one Postgres but each has its own simulator, so a shared
 * Amazon identity would have its tokens overwritten by another file's login.
 */
export const uniqueSimUser = (name = 'user') => `${name}-${randomUUID().slice(0, 8)}`;

export async function createWorkspace(
  apiUrl: string,
  opts: { simUser?: string; sqlQuery?: string } = {},
): Promise<Workspace> {
  const session = await login(apiUrl, opts.simUser ?? uniqueSimUser());
  const token = session.accessToken;
  const instance = await importDiscoveredInstance(apiUrl, token);
  const saved = await call(apiUrl, 'POST', '/api/workflows', {
    token,
    body: {
      name: 'Campaign reach',
      instanceId: instance.id,
      sqlQuery: opts.sqlQuery ?? CAMPAIGN_QUERY,
      parameters: opts.sqlQuery ? {} : { min_impressions: { type: 'number', default: 1 } },
    },
  });
  if (saved.status !== 201) throw new Error(`create workflow: ${saved.status} ${JSON.stringify(saved.body)}`);
  return { session, token, instance, savedQuery: saved.body };
}

/**
 * An execution row for the workspace's saved query, written straight to Postgres (no workflow): for tests and
 * benches of the storage layers under it, on the owner connection. `patch` overrides any column.
 */
export async function insertExecutionRow(
  stack: { deps: { systemRepos: { executions: Pick<ExecutionsDb, 'insertIdempotent'> } } },
  ws: Pick<Workspace, 'savedQuery' | 'session'>,
  patch: Partial<NewExecutionRow> = {},
): Promise<string> {
  const id = patch.id ?? randomUUID();
  await stack.deps.systemRepos.executions.insertIdempotent({
    ...newExecutionRow({
      id,
      savedQuery: {
        saved_query_id: ws.savedQuery.id,
        user_id: ws.session.user.id,
        instance_id: ws.savedQuery.instanceId,
      },
      window: { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-08T00:00:00Z') },
      rendered: { sql: 'SELECT 1', values: {} },
      runKind: 'manual',
      idempotencyKey: null,
    }),
    ...patch,
  });
  return id;
}
