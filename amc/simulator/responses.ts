/**
 * Response conventions of the real services (reference §2.2, §2.3, §10.1): request-id headers, observed
 * media types, the three error body shapes, and null omission in reporting responses.
 */
import type { NextFunction, Request, Response } from 'express';
import { requestId } from './ids';

export const MEDIA = {
  workflows: 'application/vnd.amcworkflows.v1+json',
  executions: 'application/vnd.amcworkflowexecutions.v1+json',
  json: 'application/json',
  octet: 'application/octet-stream',
} as const;

/** Thrown by handlers; the error middleware renders it in the shape the path's API uses. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly details: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(details);
  }
}

export function requestIds(req: Request, res: Response, next: NextFunction): void {
  const id = requestId();
  res.locals.requestId = id;
  res.setHeader('x-amz-rid', id);
  res.setHeader('x-amz-request-id', id);
  res.setHeader('Vary', 'Content-Type,Accept-Encoding,User-Agent');
  next();
}

/** Writes JSON with an explicit media type (express' res.json would force application/json). */
export function sendBody(res: Response, status: number, body: unknown, mediaType: string): void {
  res.status(status).setHeader('Content-Type', `${mediaType}`);
  res.send(Buffer.from(JSON.stringify(body)));
}

/** Reporting responses never show `null`: drop null/undefined fields recursively. [inferred from samples] */
export function omitNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => omitNulls(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = omitNulls(v);
    return out as T;
  }
  return value;
}

export function sendReporting(res: Response, body: unknown, mediaType: string, status = 200): void {
  sendBody(res, status, omitNulls(body), mediaType);
}

/** Ads API gateway answer for a missing/unknown/expired token (reference §10.1). */
export function sendGatewayUnauthorized(res: Response): void {
  sendBody(
    res,
    401,
    { code: 'UNAUTHORIZED', details: 'HTTP 401 Unauthorized', requestId: res.locals.requestId },
    MEDIA.json,
  );
}

/**
 * Error body by API family: administration (`/amc/accounts`, `/amc/instances`) uses {message, requestId};
 * reporting uses {code: "<status>", details}. Applying the admin shape to /amc/instances too is [inferred]:
 * both belong to the AMCAdministration spec.
 */
export function sendAmcError(
  req: Request,
  res: Response,
  status: number,
  details: string,
  headers: Record<string, string> = {},
): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  const path = req.originalUrl.split('?')[0] ?? '';
  if (/^\/amc\/(accounts|instances)(\/|$)/.test(path)) {
    sendBody(res, status, { message: details, requestId: res.locals.requestId }, MEDIA.json);
  } else {
    sendBody(res, status, { code: String(status), details }, MEDIA.json);
  }
}

/** Last middleware of the /amc router: SimHttpError → its status; body-parser errors → 400; others → 500. */
export function amcErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof SimHttpError) return sendAmcError(req, res, err.status, err.details, err.headers);
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendAmcError(req, res, 400, `Malformed request body: ${(err as Error).message}`);
  }
  sendAmcError(req, res, 500, 'Internal Server Error');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
