/**
 * Errors raised by the AMC and Login-with-Amazon clients. The clients never retry; callers (Temporal
 * activities) read `retryable`, `kind` and `retryAfterSeconds` to decide what to do.
 */

export type AmcErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'sql_compile'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout';

export interface AmcApiErrorInit {
  kind: AmcErrorKind;
  details: string;
  status?: number;
  retryAfterSeconds?: number;
  line?: number;
  column?: number;
  requestId?: string;
  cause?: unknown;
}

/** A failed AMC API call (HTTP error, network failure or timeout). */
export class AmcApiError extends Error {
  readonly status?: number;
  readonly kind: AmcErrorKind;
  readonly details: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  /** 1-based position of the offending SQL token, for `sql_compile` errors that name one. */
  readonly line?: number;
  readonly column?: number;
  readonly requestId?: string;

  constructor(init: AmcApiErrorInit) {
    const prefix = init.status === undefined ? `AMC ${init.kind}` : `AMC ${init.status} ${init.kind}`;
    super(`${prefix}: ${init.details}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AmcApiError';
    this.status = init.status;
    this.kind = init.kind;
    this.details = init.details;
    this.retryable = isRetryableKind(init.kind);
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.line = init.line;
    this.column = init.column;
    this.requestId = init.requestId;
  }
}

/** A failed Login-with-Amazon call; `error` is the OAuth code (`invalid_grant`, `invalid_client`, …). */
export class LwaError extends Error {
  readonly error: string;
  readonly status?: number;
  readonly retryable: boolean;

  constructor(init: { error: string; description: string; status?: number; cause?: unknown }) {
    super(`LWA ${init.error}: ${init.description}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'LwaError';
    this.error = init.error;
    this.status = init.status;
    this.retryable =
      init.error === 'server_error' ||
      init.error === 'temporarily_unavailable' ||
      init.error === 'network' ||
      init.error === 'timeout' ||
      (init.status !== undefined && init.status >= 500);
  }
}

function isRetryableKind(kind: AmcErrorKind): boolean {
  return kind === 'throttled' || kind === 'server' || kind === 'network' || kind === 'timeout';
}

/** True for errors worth retrying later: 429, 5xx, network failures and timeouts. Unknown errors are not. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof AmcApiError || err instanceof LwaError) return err.retryable;
  return false;
}

// AMC reports compile failures as plain 400s; these phrases (seen in real responses) tell them apart.
const SQL_COMPILE_PATTERNS = [
  /From line \d+, column \d+/i,
  /unable to compile/i,
  /Object '.*' not found/i,
  /undeclared parameter/i,
  /SQL query was invalid/i,
];
const POSITION = /From line (\d+), column (\d+)/i;

export function isSqlCompileDetails(details: string): boolean {
  return SQL_COMPILE_PATTERNS.some((p) => p.test(details));
}

/** Maps an HTTP error status and AMC's `details` text to an AmcApiError. */
export function amcErrorFromResponse(input: {
  status: number;
  details: string;
  requestId?: string;
  retryAfterSeconds?: number;
}): AmcApiError {
  const { status, details } = input;
  let kind: AmcErrorKind;
  if (status === 401) kind = 'unauthorized';
  else if (status === 403) kind = 'forbidden';
  else if (status === 404) kind = 'not_found';
  else if (status === 408) kind = 'timeout';
  else if (status === 429) kind = 'throttled';
  else if (status >= 500) kind = 'server';
  else if (status === 400 && isSqlCompileDetails(details)) kind = 'sql_compile';
  else kind = 'bad_request';
  const pos = kind === 'sql_compile' ? POSITION.exec(details) : null;
  return new AmcApiError({
    kind,
    status,
    details,
    requestId: input.requestId,
    retryAfterSeconds: input.retryAfterSeconds,
    line: pos ? Number(pos[1]) : undefined,
    column: pos ? Number(pos[2]) : undefined,
  });
}

/** Parses a Retry-After header given in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
