/**
 * The error a use case throws when the request itself is at fault (or the resource is missing): a status, a stable
 * code and a message, turned into the contract's `{ error: { code, message, details } }` by api/errors.ts. Here
 * and not in api/ because services throw it too.
 */
import { ParameterError } from './sql-parameters';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what} not found`);

/** A saved query's parameters that do not fit (lib/sql-parameters.ts) as a 400 with the parameter's name. */
export function parameterErrorToApi(err: unknown): unknown {
  if (!(err instanceof ParameterError)) return err;
  return new AppError(400, err.code, err.message, { parameter: err.parameter });
}
