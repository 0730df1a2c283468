/**
 * A fetch that counts AMC and Login-with-Amazon calls (observability/metrics.ts), for the amc/client and LWA clients'
 * `fetchImpl` option: endpoint labels are path patterns (ids become `:id`), token refreshes are counted apart.
 */
import { metrics } from '../observability/metrics';

const STATIC_SEGMENTS = new Set([
  'amc',
  'reporting',
  'accounts',
  'instances',
  'workflows',
  'workflowExecutions',
  'downloadUrls',
  'auth',
  'o2',
  'token',
  'user',
  'profile',
  'ap',
  'oa',
  'dataSources',
  'schemas',
]);

export function endpointPattern(url: string): string {
  const path = new URL(url).pathname;
  return path
    .split('/')
    .map((s) => (s === '' || STATIC_SEGMENTS.has(s) ? s : ':id'))
    .join('/');
}

export function instrumentedFetch(fetchImpl: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const endpoint = endpointPattern(url);
    const refresh = typeof init?.body === 'string' && init.body.includes('grant_type=refresh_token');
    const started = process.hrtime.bigint();
    try {
      const res = await fetchImpl(input, init);
      metrics.amcCalls.inc({ method, endpoint, status: String(res.status) });
      if (refresh) metrics.tokenRefreshes.inc({ outcome: res.ok ? 'ok' : 'error' });
      return res;
    } catch (err) {
      const status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      metrics.amcCalls.inc({ method, endpoint, status });
      if (refresh) metrics.tokenRefreshes.inc({ outcome: 'error' });
      throw err;
    } finally {
      metrics.amcCallDuration.observe({ method, endpoint }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  };
}
