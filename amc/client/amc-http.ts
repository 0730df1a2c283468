/**
 * One HTTP call to AMC: timeout via AbortSignal, error bodies mapped to AmcApiError. No retries here.
 */
import { AmcApiError, amcErrorFromResponse, parseRetryAfter } from './errors';

export type FetchImpl = typeof fetch;

export interface AmcHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface AmcHttpResponse {
  status: number;
  body: unknown;
  requestId?: string;
}

export async function sendAmcRequest(
  fetchImpl: FetchImpl,
  timeoutMs: number,
  req: AmcHttpRequest,
): Promise<AmcHttpResponse> {
  const response = await fetchWithTimeout(fetchImpl, timeoutMs, req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw toTransportError(err, timeoutMs);
  }
  const requestId = response.headers.get('x-amz-request-id') ?? response.headers.get('x-amz-rid') ?? undefined;
  // Bodies are JSON even when labelled application/octet-stream (create-workflow answers `{}` that way).
  const body = parseJsonLenient(text);
  if (response.ok) return { status: response.status, body, requestId };
  throw amcErrorFromResponse({
    status: response.status,
    details: errorDetails(body, text, response.status),
    requestId: requestId ?? readString(body, 'requestId'),
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** fetch() with a timeout; network failures and timeouts become AmcApiError kinds 'network' / 'timeout'. */
export async function fetchWithTimeout(
  fetchImpl: FetchImpl,
  timeoutMs: number,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    // The caller's signal (an activity's cancellation) aborts the call as well as the timeout.
    const timeout = AbortSignal.timeout(timeoutMs);
    return await fetchImpl(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
  } catch (err) {
    throw toTransportError(err, timeoutMs);
  }
}

export function toTransportError(err: unknown, timeoutMs: number): AmcApiError {
  if (err instanceof AmcApiError) return err;
  if (isTimeoutError(err)) {
    return new AmcApiError({ kind: 'timeout', details: `AMC request timed out after ${timeoutMs} ms`, cause: err });
  }
  const message = errorMessage(err);
  return new AmcApiError({ kind: 'network', details: `AMC request failed: ${message}`, cause: err });
}

function parseJsonLenient(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** AMC errors carry their text in `details` (reporting/gateway), `message` (admin) or `statusReason`. */
function errorDetails(body: unknown, text: string, status: number): string {
  const found = readString(body, 'details') ?? readString(body, 'message') ?? readString(body, 'statusReason');
  if (found !== undefined) return found;
  const trimmed = text.trim();
  return trimmed === '' ? `HTTP ${status}` : trimmed.slice(0, 1000);
}

function readString(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Checked by name, not instanceof: the abort DOMException may come from another realm (e.g. under jest). */
export function isTimeoutError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

export function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  const cause = (err as { cause?: { message?: unknown } } | null)?.cause?.message;
  return [message, cause].filter((m) => typeof m === 'string' && m !== '').join(': ') || String(err);
}
