/**
 * The console's API client: the typed client generated from the OpenAPI document (client/), with a fetch that
 * adds the bearer token, refreshes it before it expires, and retries once after a 401.
 */
import { createRecomampClient, type ApiErrorBody } from '../../../client';
import { freshAccessToken, getSession, refreshSession, setSession } from './session';

export async function authFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const token = await freshAccessToken();
  if (token) input.headers.set('Authorization', `Bearer ${token}`);
  const res = await fetch(input);
  if (res.status !== 401 || !getSession() || input.url.includes('/api/auth/refresh')) return res;
  const next = await refreshSession();
  if (!next) return res;
  retry.headers.set('Authorization', `Bearer ${next.accessToken}`);
  const again = await fetch(retry);
  if (again.status === 401) setSession(null);
  return again;
}

export const api = createRecomampClient({ baseUrl: '', fetch: authFetch });

/** An API error as the contract gives it, with the zod issue paths turned into form field names. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  /** `body.timeWindowEnd` → `timeWindowEnd`; a parameter error → `parameters.<name>`. */
  readonly fields: Record<string, string>;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined) {
    const err = body?.error;
    super(err?.message ?? `request failed (${status})`);
    this.status = status;
    this.code = err?.code ?? 'HTTP_' + status;
    this.details = err?.details;
    this.fields = {};
    const issues = (this.details?.issues ?? []) as { path?: string; message?: string }[];
    for (const issue of issues) {
      if (!issue.path) continue;
      const field = issue.path.replace(/^(body|query|params)\.?/, '') || '_';
      this.fields[field] ??= issue.message ?? this.message;
    }
    const parameter = this.details?.parameter;
    if (typeof parameter === 'string') this.fields[`parameters.${parameter}`] ??= this.message;
  }
}

/** openapi-fetch's `{ data, error, response }` → the data, or an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Exclude<T, undefined>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error as Partial<ApiErrorBody> | undefined);
  return data as Exclude<T, undefined>;
}

/** The message of anything thrown, for notifications. */
export const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A route that answers JSON or CSV, asked for JSON: its JSON body (the union's other half is the CSV text). */
export function json<T>(body: T): Exclude<T, string> {
  if (typeof body === 'string') throw new Error('expected a JSON body');
  return body as Exclude<T, string>;
}
