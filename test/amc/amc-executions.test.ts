import { parse } from 'csv-parse/sync';
import { AmcApiError, type AmcCallContext } from '../../amc/client';
import { SIMPLE_SQL, readAll, sleep, startSimulator, waitForExecution } from './sim-harness';

describe('AMC workflow executions against the simulator', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  beforeAll(async () => {
    h = await startSimulator({ executionSeconds: 0.3, pendingSeconds: 0.05 });
    ctx = await h.contextFor();
  });
  afterAll(() => h.sim.close());

  it('when an ad-hoc run is created, then it goes PENDING → SUCCEEDED and its CSV has the selected columns', async () => {
    const created = await h.amc.createExecution(ctx, {
      workflow: { sqlQuery: SIMPLE_SQL },
      timeWindowType: 'EXPLICIT',
      timeWindowStart: '2025-07-01T00:00:00',
      timeWindowEnd: '2025-07-15T00:00:00',
      timeWindowTimeZone: 'America/New_York',
    });
    expect(created).toMatchObject({
      status: 'PENDING',
      executionCategory: 'AD_HOC',
      workflowExecutionTimeoutSeconds: 21600,
      timeWindowStart: '2025-07-01T04:00:00Z',
      timeWindowStartOriginal: '2025-07-01T00:00:00',
      timeWindowEnd: '2025-07-15T04:00:00Z',
      timeWindowTimeZoneOriginal: 'America/New_York',
      dataGaps: [],
    });
    expect(created.workflowId).toMatch(/^transient_[0-9a-f-]{36}$/);
    expect(created.workflowExecutionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const createMs = Date.parse(created.createTime!);
    expect(Date.parse(created.expireTime!) - createMs).toBe(24 * 3600_000);
    expect(createMs - Date.parse(created.waitUntil!)).toBe(3600_000);
    expect(Object.values(created)).not.toContain(null);
    await expect(h.amc.getDownloadUrls(ctx, created.workflowExecutionId)).rejects.toMatchObject({
      kind: 'not_found',
      details: `Execution with ID ${created.workflowExecutionId} is unavailable for download.`,
    });

    const done = await waitForExecution(h.amc, ctx, created.workflowExecutionId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.validatedTime).toMatch(/\.\d{3}Z$/);
    expect(done.executionTime).toBeGreaterThanOrEqual(1);
    expect(done.outputColumns).toEqual([
      { name: 'campaign', columnType: 'DIMENSION', dataType: 'STRING' },
      { name: 'impressions', columnType: 'METRIC', dataType: 'LONG' },
      { name: 'reach', columnType: 'METRIC', dataType: 'LONG' },
    ]);

    const { downloadUrls, metadataDownloadUrls } = await h.amc.getDownloadUrls(ctx, created.workflowExecutionId);
    expect(downloadUrls).toHaveLength(1);
    expect(downloadUrls[0]).toMatch(
      /\/part-00000\.csv\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=600&/,
    );
    expect(metadataDownloadUrls).toHaveLength(1);
    const csv = await readAll(await h.amc.openDownload(downloadUrls[0]!));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['campaign', 'impressions', 'reach']);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.length).toBeLessThanOrEqual(20);
    expect(rows.every((r) => /^\d+$/.test(r.impressions!))).toBe(true);

    // Same SQL + same window → the same rows.
    const again = await h.amc.createExecution(ctx, {
      workflow: { sqlQuery: SIMPLE_SQL },
      timeWindowType: 'EXPLICIT',
      timeWindowStart: '2025-07-01T00:00:00',
      timeWindowEnd: '2025-07-15T00:00:00',
      timeWindowTimeZone: 'America/New_York',
    });
    await waitForExecution(h.amc, ctx, again.workflowExecutionId);
    const [url2] = (await h.amc.getDownloadUrls(ctx, again.workflowExecutionId)).downloadUrls;
    expect(await readAll(await h.amc.openDownload(url2!))).toBe(csv);
  });

  it('when an ad-hoc run names its inner workflowId, then listing by that id finds it', async () => {
    const workflowId = 'recomamp-exec-7d1c4f0e';
    const created = await h.amc.createExecution(ctx, {
      workflow: { workflowId, sqlQuery: SIMPLE_SQL },
      timeWindowType: 'MOST_RECENT_WEEK',
    });
    expect(created.workflowId).toBe(workflowId);
    expect(created.timeWindowStart).toBeUndefined(); // relative windows resolve when the run starts
    const found = await h.amc.listExecutions(ctx, { workflowId });
    expect(found.map((e) => e.workflowExecutionId)).toEqual([created.workflowExecutionId]);
    const started = await waitForExecution(h.amc, ctx, created.workflowExecutionId, (e) => e.status !== 'PENDING');
    expect(started.timeWindowStart).toMatch(/T00:00:00Z$/);
    const byTime = await h.amc.listExecutions(ctx, { minCreationTime: new Date(Date.now() - 60_000) });
    expect(byTime.map((e) => e.workflowExecutionId)).toContain(created.workflowExecutionId);
  });

  it('when listing without workflowId or minCreationTime, then AMC answers 400', async () => {
    await expect(h.amc.listExecutions(ctx, {})).rejects.toMatchObject({ kind: 'bad_request', status: 400 });
  });

  it('when many executions exist, then listExecutions pages through nextToken', async () => {
    const workflowId = 'paged-workflow';
    for (let i = 0; i < 3; i++) await h.amc.createExecution(ctx, { workflow: { workflowId, sqlQuery: SIMPLE_SQL } });
    const res = await fetch(
      `${h.url}/amc/reporting/${ctx.instanceId}/workflowExecutions?workflowId=${workflowId}&limit=2`,
      {
        headers: {
          Authorization: `Bearer ${ctx.accessToken}`,
          'Amazon-Advertising-API-ClientId': h.sim.options.clientId,
          'Amazon-Advertising-API-AdvertiserId': ctx.accountId,
          'Amazon-Advertising-API-MarketplaceId': ctx.marketplaceId,
        },
      },
    );
    const page = (await res.json()) as { executions: unknown[]; nextToken?: string };
    expect(page.executions).toHaveLength(2);
    expect(typeof page.nextToken).toBe('string');
    expect(await h.amc.listExecutions(ctx, { workflowId })).toHaveLength(3);
  });

  it('when a RUNNING run is cancelled, then it is CANCELLED, and cancelling it again is 400', async () => {
    h.sim.configure({ executionSeconds: 5 });
    try {
      const created = await h.amc.createExecution(ctx, { workflow: { sqlQuery: SIMPLE_SQL } });
      await waitForExecution(h.amc, ctx, created.workflowExecutionId, (e) => e.status === 'RUNNING');
      const runningBefore = h.sim.stats().executions.byInstance[ctx.instanceId]!.running;
      await h.amc.cancelExecution(ctx, created.workflowExecutionId);
      expect(h.sim.stats().executions.byInstance[ctx.instanceId]!.running).toBe(runningBefore - 1);
      const cancelled = await h.amc.getExecution(ctx, created.workflowExecutionId);
      expect(cancelled.status).toBe('CANCELLED');
      expect(cancelled.statusReason).toBeTruthy();
      const err = await h.amc.cancelExecution(ctx, created.workflowExecutionId).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmcApiError);
      expect(err).toMatchObject({ status: 400, kind: 'bad_request', retryable: false });
    } finally {
      h.sim.configure({ executionSeconds: 0.3 });
    }
  });

  it('when a SUCCEEDED run is cancelled, then AMC answers 400', async () => {
    const created = await h.amc.createExecution(ctx, { workflow: { sqlQuery: SIMPLE_SQL } });
    await waitForExecution(h.amc, ctx, created.workflowExecutionId);
    await expect(h.amc.cancelExecution(ctx, created.workflowExecutionId)).rejects.toMatchObject({ status: 400 });
  });

  it('when a download URL is older than its TTL or altered, then S3 refuses it with 403', async () => {
    const created = await h.amc.createExecution(ctx, { workflow: { sqlQuery: SIMPLE_SQL } });
    await waitForExecution(h.amc, ctx, created.workflowExecutionId);
    h.sim.configure({ downloadUrlTtlSeconds: 1 });
    try {
      const [url] = (await h.amc.getDownloadUrls(ctx, created.workflowExecutionId)).downloadUrls;
      const tampered = url!.replace(/X-Amz-Expires=1/, 'X-Amz-Expires=9999');
      await expect(h.amc.openDownload(tampered)).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
      await sleep(2100);
      const raw = await fetch(url!);
      expect(raw.status).toBe(403);
      expect(await raw.text()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
      const err = (await h.amc.openDownload(url!).catch((e: unknown) => e)) as AmcApiError;
      expect(err).toMatchObject({ kind: 'forbidden', status: 403 });
      expect(err.details).toMatch(/expired/i);
    } finally {
      h.sim.configure({ downloadUrlTtlSeconds: 600 });
    }
  });

  it('when results are gzip-compressed, then openDownload gunzips them transparently', async () => {
    h.sim.configure({ gzipResults: true, resultRows: 3 });
    try {
      const created = await h.amc.createExecution(ctx, { workflow: { sqlQuery: SIMPLE_SQL } });
      await waitForExecution(h.amc, ctx, created.workflowExecutionId);
      const [url] = (await h.amc.getDownloadUrls(ctx, created.workflowExecutionId)).downloadUrls;
      const csv = await readAll(await h.amc.openDownload(url!));
      expect(csv.split('\n').filter(Boolean)).toHaveLength(4);
      expect(csv.startsWith('campaign,impressions,reach')).toBe(true);
    } finally {
      h.sim.configure({ gzipResults: false, resultRows: null });
    }
  });

  it('when time windows are malformed, then create answers 400; a trailing Z is read as UTC; strings are coerced', async () => {
    const base = { workflow: { sqlQuery: SIMPLE_SQL }, timeWindowType: 'EXPLICIT' as const };
    await expect(
      h.amc.createExecution(ctx, { ...base, timeWindowStart: '2025-07-01', timeWindowEnd: '2025-07-02T00:00:00' }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      h.amc.createExecution(ctx, {
        ...base,
        timeWindowStart: '2025-07-02T00:00:00',
        timeWindowEnd: '2025-07-01T00:00:00',
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(h.amc.createExecution(ctx, { ...base, timeWindowStart: '2025-07-01T00:00:00' })).rejects.toMatchObject(
      { status: 400 },
    );
    await expect(
      h.amc.createExecution(ctx, {
        ...base,
        timeWindowStart: '2025-07-01T00:00:00',
        timeWindowEnd: '2025-07-02T00:00:00',
        timeWindowTimeZone: 'Mars/Olympus',
      }),
    ).rejects.toMatchObject({ status: 400 });
    const z = await h.amc.createExecution(ctx, {
      ...base,
      timeWindowStart: '2025-01-01T00:00:00Z',
      timeWindowEnd: '2025-01-02T00:00:00Z',
      timeWindowTimeZone: 'America/New_York',
    });
    expect(z).toMatchObject({
      timeWindowStart: '2025-01-01T00:00:00Z',
      timeWindowStartOriginal: '2025-01-01T00:00:00Z',
    });
    const loose = {
      ...base,
      timeWindowStart: '2025-01-01T00:00:00',
      timeWindowEnd: '2025-01-02T00:00:00',
      ignoreDataGaps: 'True',
      workflowExecutionTimeoutSeconds: '86400',
    };
    const coerced = await h.amc.createExecution(ctx, loose as never);
    expect(coerced).toMatchObject({
      ignoreDataGaps: true,
      workflowExecutionTimeoutSeconds: 86400,
      timeWindowStart: '2025-01-01T00:00:00Z',
    });
  });
});
