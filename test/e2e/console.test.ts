/**
 * The web console in a real browser (Chromium through playwright-core) against the real stack: the API serving
 * web/dist, a worker, Temporal, Postgres and the AMC simulator. A person's path through it: sign in with Amazon →
 * import an instance → a query from a template → run it → the live status reaches SUCCEEDED → the chart draws
 * the rows → the CSV downloads; a collection's week grid fills in; a schedule's backfill shows in its history; a
 * bad parameter value shows the API's message by its field; an AMC SQL error is marked in the editor. The page
 * must log no error and the CSP must refuse nothing. Screenshots for README: test/helpers/browser.ts.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { uniqueSimUser } from '../helpers/fixtures';
import { browserOrSkipReason, launchBrowser, screenshotPath, type BrowserSession } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/stack';

const skipReason = browserOrSkipReason();
if (skipReason) console.warn(skipReason);
const describeInBrowser = skipReason ? describe.skip : describe;

jest.setTimeout(120_000);

describeInBrowser('web console (Chromium)', () => {
  let stack: Stack;
  let browser: BrowserSession;
  let page: Page;
  const pageErrors: string[] = [];
  let savedQueryUrl = '';

  beforeAll(async () => {
    stack = await startStack({ simulator: { executionSeconds: 1, pendingSeconds: 0.2 } });
    browser = await launchBrowser();
    const simUser = uniqueSimUser('browser');
    // The simulator signs in whoever sim_user names: a user of this file's own (the database is shared).
    await browser.context.route(`${stack.simUrl}/ap/oa**`, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('sim_user', simUser);
      return route.continue({ url: url.toString() });
    });
    page = await browser.context.newPage();
    // Every CSP refusal is logged with the element or file it concerned (the page's console feeds pageErrors).
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) => console.error(
        'CSP refused ' + e.violatedDirective + ' ' + e.sourceFile + ':' + e.lineNumber + ' ' +
        (e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 300) : ''))); `,
    });
    // Failed fetches are logged by Chromium too; the API's 4xx answers are expected in some tests.
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  afterEach(() => {
    // A CSP refusal or an uncaught exception logged by the page fails the test that caused it.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
  /** A GET of the API with the page's own session (what the console would see), for checks across all rows. */
  const apiCall = (method: string, path: string, body?: unknown): Promise<any> =>
    page.evaluate(
      async ([m, url, json]) => {
        const session = JSON.parse((globalThis as any).sessionStorage.getItem('recomamp.session') ?? '{}');
        const res = await fetch(url!, {
          method: m,
          headers: { Authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
          ...(json !== undefined && { body: json }),
        });
        return res.json();
      },
      [method, path, body === undefined ? undefined : JSON.stringify(body)] as const,
    );
  const apiGet = (path: string) => apiCall('GET', path);
  const setSimulator = async (config: Record<string, unknown>) => {
    const res = await fetch(`${stack.simUrl}/__sim/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
    });
    expect(res.status).toBe(200);
  };
  /** Waits (re-reading the page) until `read` gives `expected`, then asserts it: the last reading is the message. */
  const until = async <T>(read: () => Promise<T>, expected: T, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let actual = await read();
    while (!Object.is(actual, expected) && Date.now() < deadline) {
      await page.waitForTimeout(100);
      actual = await read();
    }
    expect(actual).toEqual(expected);
  };
  /**
   * Waits for `locator`; on time-out the error also says what the page and the API showed (the newest runs with
   * their AMC status and queue position), so a failure on a busy CI machine can be read, not guessed.
   */
  const waitOrExplain = async (locator: ReturnType<Page['locator']>, timeout: number): Promise<void> => {
    try {
      await locator.waitFor({ timeout });
    } catch (err) {
      const shown = await page
        .locator('main')
        .innerText()
        .catch(() => '(page unreadable)');
      const runs = await apiGet('/api/executions').catch((e: unknown) => String(e));
      const newest = Array.isArray(runs?.items) ? runs.items.slice(0, 5) : runs;
      throw new Error(
        `${String(err)}\npage shows:\n${shown.slice(0, 1500)}\nnewest runs:\n${JSON.stringify(newest, null, 1).slice(0, 4000)}`,
        { cause: err },
      );
    }
  };
  const typeSql = async (sql: string) => {
    const editor = page.locator('.cm-content');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText(sql);
  };

  test('when a user signs in with Amazon, then the console shows the queries and the Amazon connection', async () => {
    await page.goto(stack.apiUrl);
    await page.getByRole('button', { name: 'Sign in with Amazon' }).click();
    await page.waitForURL(`${stack.apiUrl}/queries`);
    await page.getByRole('heading', { name: 'Queries' }).waitFor();
    await page.getByText('Amazon connected').waitFor();
    // The session came in the URL fragment and left the address bar at once.
    expect(page.url()).not.toContain('accessToken');
  });

  test('when the user discovers instances, then one click imports one', async () => {
    await nav('Instances').click();
    await page.getByRole('button', { name: 'Discover instances' }).click();
    await page
      .getByRole('table', { name: 'Discovered instances' })
      .getByRole('button', { name: 'Import' })
      .first()
      .click();
    const imported = page.getByRole('table', { name: 'Imported instances' });
    await imported.getByRole('row').nth(1).waitFor();
    await imported.getByText('circuit closed').waitFor();
    await imported.getByRole('button', { name: 'Validate' }).click();
    await imported.getByText(/OK in \d+ ms/).waitFor();
  });

  test('when the window is tablet-sized, then pages fit without sideways scrolling and the menu folds on narrow ones', async () => {
    const overflow = () => page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    try {
      await page.setViewportSize({ width: 768, height: 1024 }); // a tablet in portrait: the sidebar stays
      for (const path of ['/instances', '/templates', '/collections', '/schedules']) {
        await page.goto(`${stack.apiUrl}${path}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        expect({ path, overflow: await overflow() }).toEqual({ path, overflow: 0 });
      }
      await page.setViewportSize({ width: 600, height: 960 }); // narrower: the navigation folds into a menu
      await page.getByRole('button', { name: 'Toggle navigation' }).click();
      await nav('Queries').click();
      await page.getByRole('heading', { name: 'Queries' }).waitFor();
      expect(await overflow()).toBe(0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  test('when a template is used and run, then the status reaches SUCCEEDED live, the chart draws and the CSV downloads', async () => {
    await nav('Templates').click();
    await page.getByRole('button', { name: 'Use template DSP reach and frequency by campaign' }).click();
    await page.waitForURL(/\/queries\/[0-9a-f-]{36}$/);
    savedQueryUrl = page.url();
    const editor = page.getByTestId('sql-editor');
    await editor.getByText('dsp_impressions').first().waitFor();
    await page.getByTestId('check-summary').getByText('Pre-flight check: no problems found').waitFor();
    await page.screenshot({ path: screenshotPath('editor') });

    await page.getByRole('button', { name: 'Run on AMC' }).click();
    const status = page.getByTestId('execution-status');
    await status.getByText('SUCCEEDED').waitFor({ timeout: 60_000 });
    // "Last 7 complete days" ends inside AMC's data lag: the run went ahead and says so.
    await page.getByTestId('execution-warnings').locator('[data-code="WINDOW_INSIDE_DATA_LAG"]').waitFor();

    const chart = page.getByTestId('results-chart');
    await chart.waitFor();
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
    // The canvas has pixels drawn on it (not a blank box).
    const drawn = await chart.evaluate((canvas: any) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
      return painted;
    });
    expect(drawn).toBeGreaterThan(1000);
    await page.locator('[aria-label="Results"]').screenshot({ path: screenshotPath('run-chart') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).first().click(),
    ]);
    const csv = fs
      .readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toContain('campaign');
    expect(csv.length).toBeGreaterThan(1);
  });

  test('when the results table is sorted and filtered, then the API orders and matches every row, not the page', async () => {
    // 250 rows: three pages of 100, so a sort of the page on screen would differ from the API's.
    await setSimulator({ resultSource: 'synthetic', resultRows: 250 });
    try {
      await page.goto(savedQueryUrl);
      await page.getByRole('button', { name: 'Run on AMC' }).click();
      await page.getByTestId('execution-status').getByText('SUCCEEDED').waitFor({ timeout: 60_000 });
    } finally {
      await setSimulator({ resultSource: 'sandbox', resultRows: null });
    }
    const results = page.locator('[aria-label="Results"]');
    await results.getByRole('tab', { name: 'Table' }).click();
    await results.getByTestId('result-total').getByText('250 rows').waitFor();
    const executionId = (await page.getByRole('link', { name: 'Open run' }).getAttribute('href'))!.split('/').pop()!;
    const all = await apiGet(`/api/executions/${executionId}/results?limit=1000`);
    expect(all.total).toBe(250);
    const impressions = all.rows.map((r: { impressions: number }) => r.impressions) as number[];

    // Sort descending: the request carries sort=impressions:desc and row 1 is the largest of all 250.
    const table = results.getByRole('table', { name: 'Result rows' });
    const header = table.getByRole('button', { name: 'impressions', exact: true });
    await header.click();
    const sorted = page.waitForResponse((r) => decodeURIComponent(r.url()).includes('sort=impressions:desc'));
    await table.getByRole('button', { name: /^impressions ▲$/ }).click();
    expect((await sorted).status()).toBe(200);
    await table
      .getByRole('columnheader', { name: /impressions/ })
      .and(page.locator('[aria-sort="descending"]'))
      .waitFor();
    const columns = await table.locator('thead th').allTextContents();
    const at = columns.findIndex((c) => c.startsWith('impressions'));
    const firstCell = () => table.locator('tbody tr').first().locator('td').nth(at).textContent();
    await until(firstCell, String(Math.max(...impressions)));
    // The last page holds the smallest.
    await results.getByRole('button', { name: 'last page' }).click();
    await until(
      () => table.locator('tbody tr').last().locator('td').nth(at).textContent(),
      String(Math.min(...impressions)),
    );

    // Filter: campaign = the first row's campaign; the total is what the API counts over all rows.
    const campaign = all.rows[0].campaign as string;
    const filterForm = results.getByRole('form', { name: 'Filter rows' });
    await filterForm.getByRole('combobox', { name: 'Filter column' }).click();
    await page.getByRole('option', { name: 'campaign', exact: true }).click();
    await filterForm.getByRole('textbox', { name: 'equals' }).fill(campaign);
    await filterForm.getByRole('button', { name: 'Add filter' }).click();
    const matching = all.rows.filter((r: { campaign: string }) => r.campaign === campaign).length;
    expect(matching).toBeLessThan(250);
    await results.getByTestId('result-total').getByText(`${matching} matching rows`).waitFor();
    await until(() => table.locator('tbody tr').count(), Math.min(matching, 100));
    const campaignAt = columns.findIndex((c) => c.startsWith('campaign'));
    const cells = await table.locator(`tbody tr td:nth-child(${campaignAt + 1})`).allTextContents();
    expect(new Set(cells)).toEqual(new Set([campaign]));
  });

  test('when the SQL is typed, then the pre-flight check marks its problems in the editor and lists them, and the save answers them too', async () => {
    await page.goto(`${stack.apiUrl}/queries/new`);
    await page.getByRole('textbox', { name: 'Name' }).fill('checked as typed');
    // A misspelt column: found as it is typed, without a run, at its line/column, with the nearest name.
    await typeSql('SELECT campain,\n  COUNT(DISTINCT user_id) AS reach\nFROM dsp_impressions\nGROUP BY 1\nLIMIT 10');
    const findings = page.getByTestId('check-findings');
    const unknown = findings.locator('[data-code="UNKNOWN_COLUMN"][data-severity="error"]');
    await unknown.waitFor();
    expect(await unknown.textContent()).toMatch(/did you mean campaign\?.*line 1, column 8/);
    // Underlined in the text at that place, with a mark in the lint gutter.
    await page.locator('.cm-lintRange-error', { hasText: 'campain' }).waitFor();
    await page.locator('.cm-gutter-lint .cm-lint-marker-error').first().waitFor();
    await page.getByTestId('check-summary').getByText('Pre-flight check: 1 error, 0 warnings').waitFor();

    // Corrected: the next finding (AMC refuses LIMIT) replaces it, marked on line 5.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.insertText('g'); // campai|n → campaign
    await findings.locator('[data-code="LIMIT_NOT_SUPPORTED"][data-severity="error"]').waitFor();
    await until(() => findings.locator('[data-code="UNKNOWN_COLUMN"]').count(), 0);
    await page.locator('.cm-lintRange-error', { hasText: 'LIMIT' }).waitFor();

    // Saving is not refused for them: the save answers them as warnings with their severity.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/queries\/[0-9a-f-]{36}$/);
    const atSave = page.getByTestId('save-warnings');
    await atSave.locator('[data-code="LIMIT_NOT_SUPPORTED"][data-severity="error"]').waitFor();

    // Fixed as typed: the errors go, the editor's marks too.
    await typeSql('SELECT campaign,\n  COUNT(DISTINCT user_id) AS reach\nFROM dsp_impressions\nGROUP BY 1');
    await page.getByTestId('check-summary').getByText('Pre-flight check: no problems found').waitFor();
    await until(() => page.locator('.cm-lintRange-error').count(), 0);
    expect(await page.getByTestId('save-warnings').count()).toBe(0);
  });

  test('when a query uses AMC-native CUSTOM_PARAMETERs, then the form declares them and the run sends a list, a date and a number', async () => {
    await page.goto(`${stack.apiUrl}/queries/new`);
    await page.getByRole('textbox', { name: 'Name' }).fill('native parameters');
    await typeSql(
      [
        'SELECT campaign, SUM(impressions) AS impressions',
        'FROM dsp_impressions',
        "WHERE (CUSTOM_PARAMETER('campaigns') IS NULL OR ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign))",
        "  AND CAST(impression_dt_utc AS DATE) >= CUSTOM_PARAMETER('since')",
        'GROUP BY 1',
        "HAVING SUM(impressions) >= CUSTOM_PARAMETER('min_impressions')",
      ].join('\n'),
    );
    const declarations = page.getByRole('table', { name: 'Parameter declarations' });
    await declarations.locator('tr[data-style="custom"]').nth(2).waitFor();
    expect(await declarations.getByText('CUSTOM_PARAMETER').count()).toBe(3);
    expect(await page.getByRole('combobox', { name: 'Type of campaigns' }).inputValue()).toBe('string_list');
    expect(await page.getByRole('combobox', { name: 'Type of min_impressions' }).inputValue()).toBe('number');
    await page.getByRole('combobox', { name: 'Type of since' }).click();
    await page.getByRole('option', { name: 'date', exact: true }).click();
    await page.getByRole('checkbox', { name: 'campaigns is required' }).uncheck();
    await page.getByTestId('check-summary').getByText('Pre-flight check: no problems found').waitFor();

    // First run: no campaigns (AMC reads null as all), a date, a whole number.
    const run = page.getByRole('region', { name: 'Run' });
    await run.getByRole('textbox', { name: /^since/ }).fill('2000-01-01');
    await page.keyboard.press('Escape'); // the date picker's dropdown
    await run.getByRole('textbox', { name: /^min_impressions/ }).fill('1');
    await run.getByRole('button', { name: 'Run on AMC' }).click();
    const status = page.getByTestId('execution-status');
    await status.getByText('SUCCEEDED').waitFor({ timeout: 90_000 });
    const firstId = (await page.getByRole('link', { name: 'Open run' }).getAttribute('href'))!.split('/').pop()!;
    const first = await apiGet(`/api/executions/${firstId}`);
    expect(first.parameters).toEqual({ campaigns: null, since: '2000-01-01', min_impressions: 1 });
    const everything = await apiGet(`/api/executions/${firstId}/results?limit=1000`);
    expect(everything.total).toBeGreaterThan(1);
    const one = everything.rows[0].campaign as string;

    // Second run: a list of one campaign narrows AMC's rows to it.
    await run.getByRole('textbox', { name: /^campaigns/ }).fill(one);
    await run.getByRole('button', { name: 'Run on AMC' }).click();
    await until(
      async () => (await page.getByRole('link', { name: 'Open run' }).getAttribute('href'))?.includes(firstId),
      false,
    );
    await status.getByText('SUCCEEDED').waitFor({ timeout: 60_000 });
    const secondId = (await page.getByRole('link', { name: 'Open run' }).getAttribute('href'))!.split('/').pop()!;
    const second = await apiGet(`/api/executions/${secondId}`);
    expect(second.parameters).toEqual({ campaigns: [one], since: '2000-01-01', min_impressions: 1 });
    const narrowed = await apiGet(`/api/executions/${secondId}/results?limit=1000`);
    expect(narrowed.rows.map((r: { campaign: string }) => r.campaign)).toEqual([one]);
  });

  test('when the window ends in the future, then the end date says so and offers the latest allowed end', async () => {
    await page.goto(savedQueryUrl);
    const run = page.getByRole('region', { name: 'Run' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await run.getByRole('textbox', { name: 'End (exclusive)' }).fill(tomorrow);
    await page.keyboard.press('Escape'); // the date picker's dropdown
    await run.getByRole('button', { name: 'Run on AMC' }).click();
    const end = run.getByRole('textbox', { name: 'End (exclusive)' });
    // The API's message by the end date, which says it is invalid.
    await run.getByText(/timeWindowEnd .* is after now/).waitFor();
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    const today = new Date().toISOString().slice(0, 10);
    await run.getByRole('button', { name: `End on ${today}` }).click();
    expect(await end.inputValue()).toBe(today);
    await run.getByRole('button', { name: 'Run on AMC' }).click();
    await page
      .getByTestId('execution-status')
      .getByText(/PENDING|RUNNING|SUCCEEDED/)
      .waitFor();
    await page.getByTestId('execution-status').getByText('SUCCEEDED').waitFor({ timeout: 60_000 });
  });

  test('when a weekly collection starts, then its week grid fills in live', async () => {
    const savedQueryId = savedQueryUrl.split('/').pop()!;
    await page.goto(`${stack.apiUrl}/collections?workflowId=${savedQueryId}`);
    const form = page.getByRole('region', { name: 'New collection' });
    const end = new Date(Date.now() - 3 * 86_400_000);
    const start = new Date(end.getTime() - 20 * 86_400_000);
    await form.getByLabel('From').fill(start.toISOString().slice(0, 10));
    await form.getByLabel('To (inclusive)').fill(end.toISOString().slice(0, 10));
    await form.getByRole('button', { name: 'Start collection' }).click();
    await page.waitForURL(/\/collections\/[0-9a-f-]{36}$/);
    const cells = page.getByTestId('week-cell');
    await cells.first().waitFor();
    const total = await cells.count();
    expect(total).toBeGreaterThanOrEqual(3);
    await page
      .locator('[data-testid="week-cell"][data-status="SUCCEEDED"]')
      .nth(total - 1)
      .waitFor({ timeout: 90_000 });
    await page.getByTestId('collection-status').getByText('SUCCEEDED').waitFor();
    await page.getByTestId('results-chart').waitFor();
    await page.locator('main').screenshot({ path: screenshotPath('collection-grid') });
  });

  test('when a schedule is backfilled, then the runs appear in its history', async () => {
    const savedQueryId = savedQueryUrl.split('/').pop()!;
    await page.goto(`${stack.apiUrl}/schedules?workflowId=${savedQueryId}`);
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]{36}$/);
    await page.getByText('Next runs:').waitFor();
    await page.getByRole('button', { name: 'Backfill', exact: true }).click();
    await page.getByText(/run\(s\) for/).waitFor();
    const history = page.getByTestId('schedule-runs');
    await history.locator('tr[data-status="SUCCEEDED"]').first().waitFor({ timeout: 90_000 });
    await page.locator('main').screenshot({ path: screenshotPath('schedule-history') });

    // Run now: the trigger answers 202 with the execution it started, and the console links to it.
    await page.getByRole('button', { name: 'Run now' }).click();
    const link = page.getByTestId('trigger-result').getByRole('link', { name: 'open the run' });
    await link.click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.getByTestId('execution-status').getByText('SUCCEEDED').waitFor({ timeout: 60_000 });
  });
  test('when a parameter value is wrong, then the API’s message appears by that field', async () => {
    await page.goto(savedQueryUrl);
    // A SQL edit adds a number parameter (min_… is taken for a number); text in it is refused by the API.
    const editor = page.locator('.cm-content');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\nHAVING COUNT(DISTINCT user_id) >= {{min_reach}}');
    expect(await page.getByRole('combobox', { name: 'Type of min_reach' }).inputValue()).toBe('number');
    const input = page.getByRole('textbox', { name: /^min_reach/ });
    await input.fill('lots');
    await page.getByRole('button', { name: 'Run on AMC' }).click();
    // The message sits in the field's own wrapper, and the input says it is invalid (screen readers announce it).
    const error = page.locator('.mantine-InputWrapper-root', { has: input }).locator('.mantine-InputWrapper-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/min_reach/);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
  });

  test('when AMC refuses the SQL, then the run fails with the message and the line is marked in the editor', async () => {
    await page.goto(savedQueryUrl);
    const editor = page.locator('.cm-content');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText(
      'SELECT campaign,\n  COUNT(DISTINCT user_id) AS reach\nFROM dsp_impressions\nGROUP BY',
    );
    await page.getByRole('button', { name: 'Run on AMC' }).click();
    await waitOrExplain(page.getByTestId('execution-status').getByText('FAILED'), 60_000);
    await page.getByTestId('execution-error').waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.getByTestId('sql-error').textContent()).toMatch(/line \d+/);
  });
  test('when the saved query changes in another tab while it is edited here, then the unsaved edits stay', async () => {
    await page.goto(savedQueryUrl);
    await typeSql('SELECT campaign, COUNT(DISTINCT user_id) AS kept_edit FROM dsp_impressions GROUP BY campaign');
    const id = savedQueryUrl.split('/').pop()!;
    const other = await apiGet(`/api/workflows/${id}`);
    const put = await apiCall('PUT', `/api/workflows/${id}`, {
      name: other.name,
      description: 'changed in another tab',
      instanceId: other.instanceId,
      sqlQuery: other.sqlQuery,
      parameters: other.parameters,
      tags: other.tags,
    });
    expect(put.description).toBe('changed in another tab');
    // The console reads the query again when the tab is shown again after its cache went stale (5 s).
    await page.waitForTimeout(5_500);
    const refetched = page.waitForResponse(
      (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === `/api/workflows/${id}`,
    );
    await page.evaluate(() => (globalThis as any).dispatchEvent(new Event('visibilitychange')));
    await refetched;
    await page.waitForTimeout(300); // the answer is rendered
    expect(await page.locator('.cm-content').textContent()).toContain('kept_edit');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
  });
  test('when a saved query with schedules and results is deleted, then the dialog lists them and a confirmed forced delete removes them', async () => {
    await page.goto(savedQueryUrl);
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    const dependents = dialog.getByTestId('delete-dependents');
    await dependents
      .getByRole('listitem')
      .filter({ hasText: /schedule/ })
      .waitFor();
    await dependents
      .getByRole('listitem')
      .filter({ hasText: /executions? with stored results/ })
      .waitFor();
    const forced = dialog.getByRole('button', { name: 'Delete everything' });
    expect(await forced.isDisabled()).toBe(true); // only after the explicit confirmation
    await dialog.getByRole('checkbox', { name: /Cancel its running work/ }).check();
    await forced.click();
    await page.waitForURL(`${stack.apiUrl}/queries`);
    const gone = await apiGet(`/api/workflows/${savedQueryUrl.split('/').pop()}`);
    expect(gone.error.code).toBe('NOT_FOUND');
  });

  test('when an instance is registered by id, then the minimal body is enough and AMC’s refusals show by their field', async () => {
    await nav('Instances').click();
    const imported = page.getByRole('table', { name: 'Imported instances' });
    const row = imported.getByRole('row').nth(1);
    await row.waitFor();
    const instanceId = (await row.getByRole('cell').nth(1).textContent())!.trim();
    const accountId = (await row.getByTestId('account-id').textContent())!.trim();
    const marketplaceId = (await row.getByTestId('marketplace-id').textContent())!.trim();

    // Delete it first: a saved query depends on it (listed; then the confirmed forced delete).
    const instance = (await apiGet('/api/instances')).items.find(
      (i: { instanceId: string }) => i.instanceId === instanceId,
    );
    const dependent = await apiCall('POST', '/api/workflows', {
      name: 'depends on the instance',
      instanceId: instance.id,
      sqlQuery: 'SELECT campaign, COUNT(DISTINCT user_id) AS reach FROM dsp_impressions GROUP BY 1',
    });
    expect(dependent.id).toBeDefined();
    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog
      .getByTestId('delete-dependents')
      .getByRole('listitem')
      .filter({ hasText: /saved quer/ })
      .waitFor();
    await dialog.getByRole('checkbox', { name: /Cancel its running work/ }).check();
    await dialog.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByText('Nothing here yet.').waitFor();
    // The notice of what went covers the header's buttons: closed after reading it.
    const notice = page.locator('.mantine-Notification-root', { hasText: 'Deleted the instance' });
    await notice.getByText(/Removed \d+ saved quer/).waitFor();
    await notice.getByRole('button').click();
    await notice.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Register by id' }).click();
    const form = page.getByRole('form', { name: 'Register an instance' });
    const field = (label: string | RegExp) => form.getByRole('textbox', { name: label });
    /** The field's error: its own text (aria-describedby) while the field says it is invalid. */
    const errorOf = (label: string | RegExp) => ({
      getByText: (text: RegExp) => ({
        waitFor: async () => {
          await form.getByText(text).waitFor();
          const input = field(label);
          expect(await input.getAttribute('aria-invalid')).toBe('true');
          const described = (await input.getAttribute('aria-describedby')) ?? '';
          const ids = described.split(' ').filter(Boolean);
          const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
          expect(texts.some((t) => text.test(t ?? ''))).toBe(true);
        },
      }),
    });
    await field(/^AMC instance id/).fill('amcnotthere1');
    await field(/^Name/).fill('registered by id');
    await field(/^Account id/).fill(accountId);
    await form.getByRole('button', { name: 'Register' }).click();
    // AMC's listing has no such instance: by its field, naming what AMC does list.
    await errorOf(/^AMC instance id/)
      .getByText(new RegExp(`AMC_INSTANCE_NOT_VISIBLE: .*${instanceId}`))
      .waitFor();

    // An account the login cannot see (AMC refuses to list it, or lists it not): said in the form, naming it.
    await field(/^AMC instance id/).fill(instanceId);
    await field(/^Account id/).fill('ENTITYNOTMINE');
    await form.getByRole('button', { name: 'Register' }).click();
    await form.getByText(/AMC_(ACCOUNT|INSTANCE)_NOT_VISIBLE: .*ENTITYNOTMINE/).waitFor();

    await field(/^Account id/).fill(accountId);
    await field(/^AMC instance id/).fill(instanceId);
    await field(/^Marketplace id/).fill('A1PA6795UKMFR9');
    await form.getByRole('button', { name: 'Register' }).click();
    await errorOf(/^Marketplace id/)
      .getByText(/MARKETPLACE_MISMATCH/)
      .waitFor();

    // The contract's minimal body: marketplace, type and region come from AMC.
    await field(/^Marketplace id/).fill('');
    await form.getByRole('button', { name: 'Register' }).click();
    const registered = imported.getByRole('row', { name: /registered by id/ });
    await registered.waitFor();
    expect((await registered.getByTestId('marketplace-id').textContent())!.trim()).toBe(marketplaceId);
    await registered.getByText('circuit closed').waitFor();
  });
});
