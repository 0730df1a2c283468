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
    await page.screenshot({ path: screenshotPath('editor') });

    await page.getByRole('button', { name: 'Run on AMC' }).click();
    const status = page.getByTestId('execution-status');
    await status.getByText('SUCCEEDED').waitFor({ timeout: 60_000 });

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
    await page.getByTestId('execution-status').getByText('FAILED').waitFor({ timeout: 60_000 });
    await page.getByTestId('execution-error').waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.getByTestId('sql-error').textContent()).toMatch(/line \d+/);
  });
});
