/**
 * Calling Amazon from a use case on behalf of a request: a fresh token for the user, one retry after a 401, and AMC/LWA failures as
 * clear API errors (never a 500): consent problems are 409 AMAZON_CONSENT_REQUIRED, AMC refusals 502 with
 * AMC's own words in details.amc, AMC unreachable or throttling 503.
 */
import { AmcApiError, LwaError } from '../amc/client';
import { AppError } from '../lib/app-error';
import { AmazonConsentRequiredError, type AmazonTokenService } from '../amazon/tokens';

export async function amazonCall<T>(
  deps: { amazonTokens: Pick<AmazonTokenService, 'getAccessToken'> },
  userId: string,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  try {
    try {
      return await call(await deps.amazonTokens.getAccessToken(userId));
    } catch (err) {
      if (!(err instanceof AmcApiError && err.kind === 'unauthorized')) throw err;
      return await call(await deps.amazonTokens.getAccessToken(userId, { forceRefresh: true }));
    }
  } catch (err) {
    throw toApiError(err);
  }
}

function toApiError(err: unknown): unknown {
  if (err instanceof AmazonConsentRequiredError) {
    return new AppError(409, 'AMAZON_CONSENT_REQUIRED', 'sign in with Amazon again to reconnect your account');
  }
  if (err instanceof LwaError) {
    return err.retryable
      ? new AppError(503, 'AMAZON_UNAVAILABLE', 'Login with Amazon could not be reached; try again')
      : new AppError(409, 'AMAZON_CONSENT_REQUIRED', 'sign in with Amazon again to reconnect your account');
  }
  if (err instanceof AmcApiError) {
    const amc = { kind: err.kind, status: err.status ?? null, message: err.details || err.message };
    if (err.retryable) {
      const headers: Record<string, string> | undefined =
        err.retryAfterSeconds !== undefined ? { 'Retry-After': String(err.retryAfterSeconds) } : undefined;
      return new AppError(503, 'AMC_UNAVAILABLE', 'AMC is unavailable or throttling; try again', { amc }, headers);
    }
    return new AppError(502, 'AMC_REQUEST_FAILED', `AMC refused the request: ${amc.message}`, { amc });
  }
  return err;
}
