/** Catalog routes: templates (search, filters, usage, create-workflow), data sources (ranked search, compare), guides. */
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let alice: Workspace;
let bob: Workspace;
const get = (path: string, token = alice.token) => call(stack.apiUrl, 'GET', path, { token });

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  [alice, bob] = await Promise.all([createWorkspace(stack.apiUrl), createWorkspace(stack.apiUrl)]);
});
afterAll(async () => stack?.close());

describe('query templates', () => {
  test('when listing by category or search, then only matching templates come back', async () => {
    const byCategory = await get('/api/query-templates?category=new-to-brand');
    expect(byCategory.status).toBe(200);
    expect(byCategory.body.items.length).toBeGreaterThanOrEqual(2);
    expect(byCategory.body.items.every((t: any) => t.category === 'new-to-brand')).toBe(true);
    const bySearch = await get('/api/query-templates?search=search%20term');
    expect(bySearch.body.items[0].slug).toBe('search-term-performance');
    expect((await get('/api/query-templates?search=%25')).body.items).toEqual([]);
  });

  test('when the category is unknown, then 400 VALIDATION_ERROR; an unknown template is 404; no token is 401', async () => {
    expect((await get('/api/query-templates?category=nope')).body.error.code).toBe('VALIDATION_ERROR');
    expect((await get('/api/query-templates/no-such-template')).status).toBe(404);
    expect((await call(stack.apiUrl, 'GET', '/api/query-templates')).status).toBe(401);
  });

  test('when a template is fetched by slug or id, then it carries SQL, a parameter schema and a description', async () => {
    const bySlug = await get('/api/query-templates/two-campaign-overlap');
    expect(bySlug.body).toMatchObject({
      slug: 'two-campaign-overlap',
      category: 'campaign-overlap',
      parameters: { campaign_a: { type: 'string' } },
    });
    expect(bySlug.body.description).toMatch(/only campaign A/);
    expect((await get(`/api/query-templates/${bySlug.body.id}`)).body.slug).toBe('two-campaign-overlap');
  });

  test('when a workflow is created from a template, then parameters become defaults and usage counts per user', async () => {
    const created = await call(
      stack.apiUrl,
      'POST',
      '/api/query-templates/dsp-frequency-distribution/create-workflow',
      {
        token: alice.token,
        body: { instanceId: alice.instance.id, name: 'My frequency', parameters: { max_bucket: 5 } },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'My frequency',
      instanceId: alice.instance.id,
      template: { slug: 'dsp-frequency-distribution' },
    });
    expect(created.body.parameters.max_bucket).toMatchObject({ type: 'number', default: 5 });
    expect((await get(`/api/workflows/${created.body.id}`)).status).toBe(200);
    const mine = await get('/api/query-templates/dsp-frequency-distribution');
    const bobs = await get('/api/query-templates/dsp-frequency-distribution', bob.token);
    expect(mine.body.usageCount).toBe(1);
    expect(bobs.body.usageCount).toBe(0);
    expect(bobs.body.totalUsageCount).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ['another user’s instance', () => ({ instanceId: bob.instance.id }), 400, 'VALIDATION_ERROR'],
    ['no instance', () => ({}), 400, 'VALIDATION_ERROR'],
    [
      'an unknown parameter',
      () => ({ instanceId: alice.instance.id, parameters: { nope: 1 } }),
      400,
      'UNDECLARED_PARAMETER',
    ],
    [
      'a value of the wrong type',
      () => ({ instanceId: alice.instance.id, parameters: { max_bucket: 'ten' } }),
      400,
      'INVALID_PARAMETER',
    ],
  ])('when create-workflow gets %s, then %i %s', async (_what, body, status, code) => {
    const res = await call(stack.apiUrl, 'POST', '/api/query-templates/dsp-frequency-distribution/create-workflow', {
      token: alice.token,
      body: body(),
    });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });
});

describe('data sources', () => {
  test('when listing, filtering and fetching, then tables come with their fields', async () => {
    const all = await get('/api/data-sources');
    expect(all.body.items.length).toBeGreaterThanOrEqual(19);
    const dsp = await get('/api/data-sources?category=Amazon%20DSP%20traffic');
    expect(dsp.body.items.every((t: any) => t.category === 'Amazon DSP traffic')).toBe(true);
    const table = await get('/api/data-sources/dsp_impressions');
    expect(table.body.fields.find((f: any) => f.name === 'user_id')).toMatchObject({
      type: 'STRING',
      kind: 'dimension',
      aggregationThreshold: 'VERY_HIGH',
    });
    expect(table.body).toMatchObject({
      paid: false,
      audienceOf: null,
      source: expect.stringMatching(/dsp_impressions\.md$/),
    });
    expect(table.body.fields.find((f: any) => f.name === 'advertiser_account_frequency_group_ids').type).toBe(
      'ARRAY<LONG>',
    );
    const twin = await get('/api/data-sources/conversions_all_for_audiences');
    expect(twin.body).toMatchObject({ category: 'AMC Audiences', audienceOf: 'conversions_all', paid: true });
    expect((await get(`/api/data-sources/${table.body.id}`)).body.name).toBe('dsp_impressions');
    expect((await get('/api/data-sources/no_such_table')).status).toBe(404);
    const categories = await get('/api/data-sources/categories');
    expect(categories.body.items).toContainEqual({ category: 'Sponsored ads traffic', tableCount: 1 });
  });

  test('when searching "impressions", then tables named for it rank above tables with an impressions field, above partial matches', async () => {
    const res = await get('/api/data-sources/search?q=impressions');
    expect(res.status).toBe(200);
    const names: string[] = res.body.items.map((i: any) => i.name);
    const rank = (n: string) => names.indexOf(n);
    expect(names[0]).toBe('dsp_impressions');
    expect(rank('dsp_impressions_by_matched_segments')).toBeLessThan(rank('sponsored_ads_traffic'));
    expect(rank('sponsored_ads_traffic')).toBeLessThan(rank('dsp_views'));
    const sa = res.body.items.find((i: any) => i.name === 'sponsored_ads_traffic');
    expect(sa.matchedOn).toBe('field');
    expect(sa.matchedFields[0]).toMatchObject({ name: 'impressions', type: 'LONG', kind: 'metric' });
    expect(res.body.items.find((i: any) => i.name === 'dsp_views').matchedFields[0].name).toMatch(/impressions/);
  });

  test('when the search has a typo or only matches descriptions, then it still finds something; no q is 400', async () => {
    expect((await get('/api/data-sources/search?q=impresions')).body.items.length).toBeGreaterThan(0);
    expect((await get('/api/data-sources/search?q=quartile')).body.items[0].name).toBe('dsp_video_events_feed');
    expect((await get('/api/data-sources/search')).body.error.code).toBe('VALIDATION_ERROR');
  });

  test('when two tables are compared, then fields are side by side: in both, only in a, only in b, with types', async () => {
    const res = await get(
      '/api/data-sources/compare?ids=amazon_attributed_events_by_conversion_time,sponsored_ads_traffic',
    );
    expect(res.status).toBe(200);
    const row = (n: string) => res.body.fields.find((f: any) => f.name === n);
    expect(row('impressions')).toMatchObject({
      presence: 'both',
      sameType: true,
      a: { type: 'LONG' },
      b: { type: 'LONG' },
    });
    expect(row('new_to_brand')).toMatchObject({ presence: 'a', b: null });
    expect(row('five_sec_views')).toMatchObject({ presence: 'b', a: null });
    expect(res.body.summary.inBoth).toBeGreaterThan(0);
    expect((await get('/api/data-sources/compare?ids=dsp_impressions')).status).toBe(400);
    expect((await get('/api/data-sources/compare?ids=dsp_impressions,nope')).status).toBe(404);
  });
});

describe('build guides', () => {
  test('when a guide is fetched, then its sections link to real templates', async () => {
    const list = await get('/api/build-guides');
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
    const guide = await get('/api/build-guides/full-funnel-conversion-analysis');
    expect(guide.body.sections.length).toBeGreaterThanOrEqual(3);
    const linked = guide.body.sections.flatMap((s: any) => s.templates);
    expect(linked.length).toBe(guide.body.templateSlugs.length);
    expect((await get(`/api/build-guides/${guide.body.id}`)).body.slug).toBe('full-funnel-conversion-analysis');
    expect((await get('/api/build-guides/nope')).status).toBe(404);
  });
});
