/**
 * Issue 16 finding 7: results answer what was asked. `limit`/`offset` apply to CSV too, `Accept: text/csv`
 * chooses CSV, `sort` and `filter` work on the result's own columns (an unknown column is a 400), for executions
 * and collections; the SSE stream's timestamps share one ISO format and its terminal event carries the error.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { readSse } from '../helpers/sse';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
let executionId: string;
let all: { columns: { name: string }[]; rows: Record<string, unknown>[]; total: number };

beforeAll(async () => {
  stack = await startStack();
  ws = await createWorkspace(stack.apiUrl);
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body: { timeWindowStart: '2026-10-01', timeWindowEnd: '2026-10-08' },
  });
  executionId = started.body.executionId;
  expect((await waitForExecution(stack.apiUrl, ws.token, executionId)).status).toBe('SUCCEEDED');
  all = (await results('')).body;
  expect(all.total).toBeGreaterThanOrEqual(5);
});
afterAll(() => stack?.close());

const results = (query: string, headers?: Record<string, string>) =>
  call(stack.apiUrl, 'GET', `/api/executions/${executionId}/results${query}`, { token: ws.token, headers });
/** CSV body → header + records, values as strings. */
const csvRows = (text: string) => {
  const [header, ...records] = parseCsv(text) as string[][];
  return { header: header!, records };
};
const asCsvValues = (row: Record<string, unknown>, columns: string[]) =>
  columns.map((c) => (row[c] === null || row[c] === undefined ? '' : String(row[c])));

describe('execution results', () => {
  test('when CSV is asked with limit and offset, then exactly that page comes back', async () => {
    const res = await results('?format=csv&limit=3&offset=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const { header, records } = csvRows(res.body as string);
    const names = all.columns.map((c) => c.name);
    expect(header).toEqual(names);
    expect(records).toEqual(all.rows.slice(1, 4).map((r) => asCsvValues(r, names)));

    const full = csvRows((await results('?format=csv')).body as string);
    expect(full.records).toHaveLength(all.total);
  });

  test('when the Accept header asks for CSV, then CSV comes back; an Accept nobody serves is a 406', async () => {
    const csv = await results('?limit=2', { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRows(csv.body as string).records).toHaveLength(2);
    const json = await results('?limit=2', { accept: 'application/json, text/csv;q=0.5' });
    expect(json.body.rows).toHaveLength(2);
    const explicit = await results('?format=json&limit=1', { accept: 'text/csv' });
    expect(explicit.body.rows).toHaveLength(1); // an explicit format wins over Accept
    const refused = await results('', { accept: 'application/xml' });
    expect([refused.status, refused.body.error.code]).toEqual([406, 'NOT_ACCEPTABLE']);
  });

  test('when sort and filter name columns, then rows are sorted and filtered server-side (JSON and CSV)', async () => {
    const byImpressions = [...all.rows].sort((a, b) => Number(b.impressions) - Number(a.impressions));
    const sorted = await results('?sort=impressions:desc');
    expect(sorted.body.rows).toEqual(byImpressions);
    expect(sorted.body.total).toBe(all.total);
    const ascending = await results('?sort=impressions&limit=2&offset=1');
    expect(ascending.body.rows).toEqual([...byImpressions].reverse().slice(1, 3));

    const campaign = String(all.rows[2]!.campaign);
    const filtered = await results(`?filter=${encodeURIComponent(`campaign:${campaign}`)}`);
    expect(filtered.body.rows).toEqual(all.rows.filter((r) => r.campaign === campaign));
    expect(filtered.body.total).toBe(filtered.body.rows.length);
    const impressions = Number(all.rows[0]!.impressions);
    const numeric = await results(`?filter=impressions:${impressions}`);
    expect(numeric.body.rows.every((r: any) => r.impressions === impressions)).toBe(true);
    expect(numeric.body.total).toBeGreaterThan(0);

    const csv = csvRows((await results('?format=csv&sort=impressions:desc&limit=3')).body as string);
    const names = all.columns.map((c) => c.name);
    expect(csv.records).toEqual(byImpressions.slice(0, 3).map((r) => asCsvValues(r, names)));
  });

  test('when sort or filter names a column the result does not have, then 400 UNKNOWN_COLUMN listing the columns', async () => {
    for (const query of ['?sort=clicks', '?filter=clicks:3', '?format=csv&sort=impressions:sideways']) {
      const res = await results(query);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, 'UNKNOWN_COLUMN']);
      expect(res.body.error.details.columns).toEqual(all.columns.map((c) => c.name));
    }
    const malformed = await results('?filter=campaign');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

describe('collection results', () => {
  test('when a collection is read with sort, filter, limit and CSV, then the same rules apply', async () => {
    const created = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: '2026-09-07', endDate: '2026-09-20' },
    });
    expect(created.status).toBe(202);
    const deadline = Date.now() + 90_000;
    let collection: any;
    do {
      await new Promise((r) => setTimeout(r, 300));
      collection = (await call(stack.apiUrl, 'GET', `/api/data-collections/${created.body.id}`, { token: ws.token }))
        .body;
    } while (collection.status !== 'SUCCEEDED' && Date.now() < deadline);
    expect(collection.status).toBe('SUCCEEDED');
    const path = `/api/data-collections/${created.body.id}/results`;
    const everything = (await call(stack.apiUrl, 'GET', path, { token: ws.token })).body;
    expect(new Set(everything.rows.map((r: any) => r.week_start))).toEqual(new Set(['2026-09-07', '2026-09-14']));

    const latestFirst = await call(stack.apiUrl, 'GET', `${path}?sort=week_start:desc&limit=1`, { token: ws.token });
    expect(latestFirst.body.rows[0].week_start).toBe('2026-09-14');
    const firstWeek = await call(stack.apiUrl, 'GET', `${path}?filter=week_start:2026-09-07`, { token: ws.token });
    expect(firstWeek.body.total).toBe(everything.rows.filter((r: any) => r.week_start === '2026-09-07').length);
    expect(firstWeek.body.rows.every((r: any) => r.week_start === '2026-09-07')).toBe(true);

    const csv = await call(stack.apiUrl, 'GET', `${path}?limit=2`, {
      token: ws.token,
      headers: { accept: 'text/csv' },
    });
    expect(csvRows(csv.body as string).records).toHaveLength(2);
    const unknown = await call(stack.apiUrl, 'GET', `${path}?sort=nope`, { token: ws.token });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'UNKNOWN_COLUMN']);
  });
});

describe('execution events', () => {
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  test('when a run fails, then every event has an ISO timestamp and the terminal one carries the error', async () => {
    await fetch(`${stack.simUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ failAfterRunning: 1 }),
    });
    try {
      await stack.stopWorker(); // the stream opens while the run is PENDING
      const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: { timeWindowStart: '2026-10-01', timeWindowEnd: '2026-10-08' },
      });
      const live = await readSse(`${stack.apiUrl}/api/executions/${started.body.executionId}/events`, ws.token, {
        onOpen: async () => void (await stack.startWorker()),
        timeoutMs: 45_000,
      });
      const statuses = live.events.map((e) => e.data.status);
      expect(statuses[0]).toBe('PENDING');
      expect(statuses.at(-1)).toBe('FAILED');
      for (const e of live.events) expect(e.data.at).toMatch(ISO);
      const failed = await call(stack.apiUrl, 'GET', `/api/executions/${started.body.executionId}`, {
        token: ws.token,
      });
      expect(live.events.at(-1)!.data.error).toEqual(failed.body.error);
      expect(failed.body.error.code).toEqual(expect.any(String));

      // Read again after the end: the one event is the same terminal one, with the error and its own time.
      const replay = await readSse(`${stack.apiUrl}/api/executions/${started.body.executionId}/events`, ws.token);
      expect(replay.events).toHaveLength(1);
      expect(replay.events[0]!.data).toMatchObject({ status: 'FAILED', error: failed.body.error });
      expect(replay.events[0]!.data.at).toMatch(ISO);
    } finally {
      await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
    }
  });
});
