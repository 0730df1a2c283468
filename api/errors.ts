/** The middleware that turns every error into the contract's error shape; AppError itself is lib/app-error.ts. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { InvalidCursorError } from '../db/pagination';
import { AppError } from '../lib/app-error';
import { loggedPath } from './request-context';

export { AppError, notFound } from '../lib/app-error';

export const unknownRoute: RequestHandler = (req, _res, next) =>
  next(new AppError(404, 'NOT_FOUND', `no route for ${req.method} ${req.path}`));

/** body-parser's own errors carry `type` and `status`. */
function bodyParserError(err: { type?: string; status?: number }): AppError | undefined {
  if (err.type === 'entity.parse.failed') return new AppError(400, 'INVALID_JSON', 'request body is not valid JSON');
  if (err.type === 'entity.too.large') return new AppError(413, 'PAYLOAD_TOO_LARGE', 'request body is too large');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') {
    return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body encoding is not supported');
  }
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new AppError(err.status, 'BAD_REQUEST', 'request could not be read');
  }
  return undefined;
}

/**
 * Postgres refused a value the request carried (SQLSTATE class 22, "data exception": NUL bytes in text, numbers
 * out of range, malformed dates): the request's fault, so a 400, never a 500.
 */
function isPostgresDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^22[0-9A-Z]{3}$/.test(code) &&
    typeof (err as { severity?: unknown }).severity === 'string'
  );
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof InvalidCursorError) return new AppError(400, 'VALIDATION_ERROR', err.message);
  if (err instanceof WorkflowNotFoundError) return new AppError(404, 'NOT_FOUND', 'workflow run not found');
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new AppError(409, 'ALREADY_STARTED', 'this work has already been started');
  }
  const fromBody =
    err && typeof err === 'object' ? bodyParserError(err as { type?: string; status?: number }) : undefined;
  if (fromBody) return fromBody;
  if (isPostgresDataException(err)) {
    return new AppError(
      400,
      'INVALID_INPUT',
      'a value in the request cannot be stored or compared (e.g. a NUL character or an out-of-range number)',
    );
  }
  return new AppError(500, 'INTERNAL_ERROR', 'something went wrong on our side');
}

export function errorHandler(log: (msg: string, extra: Record<string, unknown>) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (res.headersSent) {
      // A streamed body (CSV) failed midway: the status is gone, so cut the response short rather than lie.
      log('response stream failed', {
        requestId: res.locals.requestId,
        method: req.method,
        path: loggedPath(req),
        error: String(err),
      });
      res.destroy();
      return;
    }
    if (appError.status >= 500) {
      log('request failed', {
        requestId: res.locals.requestId,
        method: req.method,
        path: loggedPath(req),
        error: err instanceof Error ? err.stack : String(err),
      });
    }
    if (appError.headers) res.set(appError.headers);
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details && { details: appError.details }),
      },
    });
  };
}
