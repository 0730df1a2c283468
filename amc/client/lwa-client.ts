/**
 * Login with Amazon (OAuth 2.0 authorization-code flow): consent URL, code exchange, refresh, profile.
 * Token bodies are form-encoded as LWA documents. No retries here.
 */
import { LwaError } from './errors';
import { errorMessage, isTimeoutError, type FetchImpl } from './amc-http';

export interface LwaClientOptions {
  authorizeUrl: string;
  tokenUrl: string;
  profileUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Space-separated, e.g. `advertising::campaign_management profile`. */
  scope: string;
  timeoutMs: number;
  fetchImpl?: FetchImpl;
}

export interface LwaTokens {
  accessToken: string;
  /** LWA returns the same refresh token on refresh; it lives until the user revokes consent. */
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
}

export interface LwaProfile {
  userId: string;
  email: string;
  name: string;
}

export function createLwaClient(options: LwaClientOptions) {
  const fetchImpl = options.fetchImpl ?? fetch;

  async function request(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      text = await response.text();
    } catch (err) {
      const timedOut = isTimeoutError(err);
      const description = timedOut
        ? `LWA request timed out after ${options.timeoutMs} ms`
        : `LWA request failed: ${errorMessage(err)}`;
      throw new LwaError({ error: timedOut ? 'timeout' : 'network', description, cause: err });
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      body = {};
    }
    if (!response.ok) {
      const error =
        typeof body.error === 'string' ? body.error : response.status >= 500 ? 'server_error' : 'invalid_request';
      const description =
        typeof body.error_description === 'string'
          ? body.error_description
          : text.slice(0, 500) || `HTTP ${response.status}`;
      throw new LwaError({ error, description, status: response.status });
    }
    return body;
  }

  async function token(params: Record<string, string>): Promise<LwaTokens> {
    const form = new URLSearchParams({ ...params, client_id: options.clientId, client_secret: options.clientSecret });
    const body = await request(options.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Accept: 'application/json' },
      body: form.toString(),
    });
    const accessToken = body.access_token;
    const refreshToken = body.refresh_token ?? params.refresh_token;
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
      throw new LwaError({
        error: 'server_error',
        description: 'LWA token response lacks access_token/refresh_token',
        status: 200,
      });
    }
    return {
      accessToken,
      refreshToken,
      expiresIn: Number(body.expires_in ?? 3600),
      tokenType: typeof body.token_type === 'string' ? body.token_type : 'bearer',
    };
  }

  return {
    /** Consent URL; `extraParams` are appended (e.g. the simulator's `sim_user`, or PKCE fields). */
    authorizationUrl(state: string, extraParams: Record<string, string> = {}): string {
      const url = new URL(options.authorizeUrl);
      url.searchParams.set('client_id', options.clientId);
      url.searchParams.set('scope', options.scope);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('redirect_uri', options.redirectUri);
      url.searchParams.set('state', state);
      for (const [k, v] of Object.entries(extraParams)) url.searchParams.set(k, v);
      // URLSearchParams writes spaces as '+'; LWA documents %20 for the scope list.
      return url.toString().replace(/\+/g, '%20');
    },

    exchangeCode(code: string, extra: { codeVerifier?: string } = {}): Promise<LwaTokens> {
      const params: Record<string, string> = {
        grant_type: 'authorization_code',
        code,
        redirect_uri: options.redirectUri,
      };
      if (extra.codeVerifier !== undefined) params.code_verifier = extra.codeVerifier;
      return token(params);
    },

    refresh(refreshToken: string): Promise<LwaTokens> {
      return token({ grant_type: 'refresh_token', refresh_token: refreshToken });
    },

    /** LWA's GET /user/profile answers `{user_id, name, email}`. */
    async getProfile(accessToken: string): Promise<LwaProfile> {
      const body = await request(options.profileUrl, {
        method: 'GET',
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      });
      return { userId: String(body.user_id ?? ''), email: String(body.email ?? ''), name: String(body.name ?? '') };
    },
  };
}

export type LwaClient = ReturnType<typeof createLwaClient>;
