/** A small typed HTTP client for driving the API like a REST user would, plus the simulator login flow. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) {
    body = opts.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // CSV and other text bodies stay strings
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; name: string };
}

/** The login cookie (`name=value`) a `GET /api/auth/amazon/login` answer set, as a browser would send it back. */
export function loginCookieOf(res: { headers: Headers }): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('recomamp_login='));
  if (!cookie) throw new Error('the login answer set no login cookie');
  return cookie.split(';')[0]!;
}

/**
 * Signs in through Login with Amazon as the simulator's user `simUser` (the demo user when omitted):
 * our login endpoint → the simulator's authorize endpoint (which approves at once) → our callback, bringing back
 * the login cookie like a browser does.
 */
export async function login(apiUrl: string, simUser?: string): Promise<Session> {
  const start = await call<{ authorizationUrl: string }>(apiUrl, 'GET', '/api/auth/amazon/login');
  const cookie = loginCookieOf(start);
  const authorize = new URL(start.body.authorizationUrl);
  if (simUser) authorize.searchParams.set('sim_user', simUser);
  const approved = await fetch(authorize, { redirect: 'manual' });
  const location = approved.headers.get('location');
  if (approved.status !== 302 || !location) throw new Error(`authorize did not redirect: ${approved.status}`);
  const callback = new URL(location);
  const done = await call<Session>(apiUrl, 'GET', `${callback.pathname}${callback.search}`, { headers: { cookie } });
  if (done.status !== 200) throw new Error(`callback failed: ${done.status} ${JSON.stringify(done.body)}`);
  return done.body;
}

/** Polls GET /api/executions/:id until `done(body)` or the deadline. */
export async function waitForExecution(
  apiUrl: string,
  token: string,
  executionId: string,
  done: (e: any) => boolean = (e) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(e.status),
  timeoutMs = 45_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(apiUrl, 'GET', `/api/executions/${executionId}`, { token });
    if (res.status === 200 && done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The simulator's own counters (GET /__sim/stats). */
export async function simStats(simUrl: string): Promise<any> {
  return (await fetch(`${simUrl}/__sim/stats`)).json();
}
