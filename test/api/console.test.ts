/**
 * The API serves the web console (web/dist, built by the test setup) and hands a browser's login to it, while API
 * clients keep the contract's JSON. The console page's CSP allows this origin's scripts and nonce-carrying styles
 * only; /docs is Swagger UI from the project's own files.
 */
import { call, loginCookieOf } from '../helpers/api-client';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true });
});
afterAll(() => stack?.close());

const asBrowser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/**
 * A browser's login up to our callback: login → the simulator's authorize (approves at once) → callback URL, and
 * the login cookie the browser brings back to it (issue #17).
 */
async function callbackUrl(): Promise<{ url: URL; cookie: string }> {
  const start = await call(stack.apiUrl, 'GET', '/api/auth/amazon/login');
  const approved = await fetch(start.body.authorizationUrl, { redirect: 'manual' });
  return { url: new URL(approved.headers.get('location')!), cookie: loginCookieOf(start) };
}

describe('web console', () => {
  test('when a browser opens / or a client route, then index.html comes with a per-response CSP nonce', async () => {
    for (const path of ['/', '/queries/8d3c5b8e-6a43-4c8e-9d55-0e1f3f7a1b2c', '/collections']) {
      const res = await fetch(`${stack.apiUrl}${path}`, { headers: asBrowser });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      const csp = res.headers.get('content-security-policy')!;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(html).toContain(`nonce="${nonce}"`);
      expect(html).not.toContain('__CSP_NONCE__');
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/style-src 'self' 'nonce-[^']+'(;|$)/);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    const a = await fetch(`${stack.apiUrl}/`, { headers: asBrowser });
    const b = await fetch(`${stack.apiUrl}/`, { headers: asBrowser });
    expect(a.headers.get('content-security-policy')).not.toBe(b.headers.get('content-security-policy'));
  });

  test('when an asset is asked for, then it is served with a long cache; an API client still gets JSON 404s', async () => {
    const html = await (await fetch(`${stack.apiUrl}/`, { headers: asBrowser })).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(`${stack.apiUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const unknown = await call(stack.apiUrl, 'GET', '/no-such-page');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const api = await fetch(`${stack.apiUrl}/api/nothing-here`, { headers: asBrowser });
    expect(api.status).toBe(401); // /api/* is the API even for a browser
  });

  test('when a browser returns from Amazon, then it is sent to the console with the session in the fragment', async () => {
    const { url: callback, cookie } = await callbackUrl();
    const res = await fetch(`${stack.apiUrl}${callback.pathname}${callback.search}`, {
      headers: { ...asBrowser, cookie },
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = res.headers.get('location')!;
    expect(location.startsWith('/auth/callback#')).toBe(true);
    expect(location).not.toContain('?');
    const fragment = new URLSearchParams(location.split('#')[1]);
    const me = await call(stack.apiUrl, 'GET', '/api/auth/user', { token: fragment.get('accessToken')! });
    expect(me.status).toBe(200);
    expect(Number(fragment.get('expiresIn'))).toBeGreaterThan(0);
    expect(fragment.get('refreshToken')).toBeTruthy();
  });

  test('when a browser brings a used login state, then the console gets the error code in the fragment', async () => {
    const { url: callback, cookie } = await callbackUrl();
    const path = `${callback.pathname}${callback.search}`;
    const first = await call(stack.apiUrl, 'GET', path, { headers: { cookie } }); // JSON, and the state is used up
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toBeTruthy();
    const again = await fetch(`${stack.apiUrl}${path}`, { headers: { ...asBrowser, cookie }, redirect: 'manual' });
    expect(again.status).toBe(303);
    const fragment = new URLSearchParams(again.headers.get('location')!.split('#')[1]);
    expect(fragment.get('error')).toMatch(/STATE/);
    expect(fragment.get('accessToken')).toBeNull();
  });

  test('when /docs is opened, then Swagger UI loads from this server (no CDN) under a same-origin script CSP', async () => {
    const res = await fetch(`${stack.apiUrl}/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(['/docs/swagger-ui-bundle.js', '/docs/init.js']);
    expect(html).not.toMatch(/https?:\/\//);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    for (const path of [...scripts, '/docs/swagger-ui.css']) {
      const asset = await fetch(`${stack.apiUrl}${path}`);
      expect(asset.status).toBe(200);
      expect((await asset.text()).length).toBeGreaterThan(path.endsWith('init.js') ? 50 : 10_000);
    }
  });
});
