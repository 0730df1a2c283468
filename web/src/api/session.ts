/**
 * The console's API session: access + refresh token in sessionStorage (per tab, so two tabs never present the
 * same rotating refresh token), refreshed shortly before the access token expires and once after a 401. Refresh
 * tokens rotate and a reused one revokes the whole session, so refreshes are single-flight.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** ms since epoch */
  expiresAt: number;
}

const KEY = 'recomamp.session';
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(next: Session | null): void {
  current = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionFromTokens(t: { accessToken: string; refreshToken: string; expiresIn: number }): Session {
  return { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: Date.now() + t.expiresIn * 1000 };
}

let inFlight: Promise<Session | null> | null = null;

/** Rotates the refresh token (POST /api/auth/refresh); null (and signed out) when the API refuses it. */
export function refreshSession(): Promise<Session | null> {
  const session = current;
  if (!session) return Promise.resolve(null);
  inFlight ??= (async () => {
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (res.status === 401 || res.status === 400) {
        setSession(null);
        return null;
      }
      if (!res.ok) throw new Error(`session refresh failed (${res.status})`);
      const next = sessionFromTokens(await res.json());
      setSession(next);
      return next;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/** An access token valid for at least another 30 s, refreshing first when needed. */
export async function freshAccessToken(): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (session.expiresAt - Date.now() > 30_000) return session.accessToken;
  return (await refreshSession())?.accessToken ?? null;
}
