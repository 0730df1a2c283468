/**
 * Bearer-token and tenancy checks for /amc/*. Choices where the reference is unsure:
 * - missing or wrong Amazon-Advertising-API-ClientId → 401 gateway body (reference §10.2 lists a bad
 *   client id under 401);
 * - missing AdvertiserId/MarketplaceId on instance/reporting calls → 400; present but not the owning
 *   account / its marketplace → 403 ("Not authorized to access this advertiser");
 * - an instance id nobody owns → 403 by default (the "UUID instead of instance id" symptom), or 404.
 */
import type { NextFunction, Request, Response } from 'express';
import type { SimulatorOptions } from './options';
import { SimHttpError, sendGatewayUnauthorized } from './responses';
import type { SimAccount, SimInstance, SimState, SimUser } from './state';

export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** The user behind a live access token, or undefined (unknown, expired or revoked). */
export function userForToken(state: SimState, token: string | undefined, now = Date.now()): SimUser | undefined {
  if (!token) return undefined;
  const record = state.accessTokens.get(token);
  if (!record || record.revoked || record.expiresAtMs <= now) return undefined;
  return state.users.get(record.userId);
}

export function createAmcAuth(state: SimState, options: SimulatorOptions) {
  return function amcAuth(req: Request, res: Response, next: NextFunction): void {
    const token = bearerToken(req);
    const user = userForToken(state, token);
    const clientId = req.get('amazon-advertising-api-clientid');
    const tokenClient = token ? state.accessTokens.get(token)?.clientId : undefined;
    if (!user || !clientId || clientId !== tokenClient || clientId !== options.clientId) {
      sendGatewayUnauthorized(res);
      return;
    }
    res.locals.user = user;
    next();
  };
}

export function currentUser(res: Response): SimUser {
  return res.locals.user as SimUser;
}

/** The AMC account named by the AdvertiserId header, checked against the user and MarketplaceId. */
export function requireAccount(state: SimState, req: Request, res: Response): SimAccount {
  const accountId = req.get('amazon-advertising-api-advertiserid');
  const marketplaceId = req.get('amazon-advertising-api-marketplaceid');
  if (!accountId) throw new SimHttpError(400, 'Missing required header Amazon-Advertising-API-AdvertiserId');
  if (!marketplaceId) throw new SimHttpError(400, 'Missing required header Amazon-Advertising-API-MarketplaceId');
  const account = state.accounts.get(accountId);
  if (!account || account.ownerUserId !== currentUser(res).userId || account.marketplaceId !== marketplaceId) {
    throw new SimHttpError(403, 'Not authorized to access this advertiser');
  }
  return account;
}

/** The instance in the path, owned by the header's account (which the user owns). */
export function requireInstance(
  state: SimState,
  options: SimulatorOptions,
  req: Request,
  res: Response,
  instanceId: string,
): SimInstance {
  const account = requireAccount(state, req, res);
  const instance = state.instances.get(instanceId);
  if (!instance) {
    const status = options.unknownInstanceStatus;
    throw new SimHttpError(
      status,
      status === 404 ? `Instance ${instanceId} not found` : 'Not authorized to access this instance',
    );
  }
  if (instance.accountId !== account.accountId) throw new SimHttpError(403, 'Not authorized to access this instance');
  return instance;
}
