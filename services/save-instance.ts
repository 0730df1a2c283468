/**
 * Register and update an AMC instance (POST /api/instances, PUT|PATCH /api/instances/:id). What the body leaves out
 * (the account's marketplace, the instance type, the region) is read from AMC's own listings with the user's Amazon
 * token (services/resolve-instance.ts), so a registered instance can always run; an account or instance that token
 * cannot see is a 400 naming what AMC lists. The AMC account is upserted with it; an AMC instance id the caller
 * already registered is a 409. An update changes only the fields it names.
 */
import type { Knex } from 'knex';
import type { InstanceWithAccount } from '../db/amc-instances';
import { needsAmcDetails } from '../db/amc-instances';
import { AppError } from '../lib/app-error';
import type { AmcRegion } from '../lib/amc-regions';
import { amazonCall } from './amazon-call';
import type { ServiceDeps } from './deps';
import { describeMissing, lookUpAtAmc, type AmcListing } from './resolve-instance';

export interface InstanceInput {
  /** AMC's instance id (`amc…`). */
  instanceId: string;
  name: string;
  /** Default: the region of the account's marketplace. */
  region?: AmcRegion;
  account: { accountId: string; name?: string; marketplaceId?: string };
}

/** An update: only the fields given change. */
export interface InstancePatchInput {
  instanceId?: string;
  name?: string;
  region?: AmcRegion;
  account?: { accountId?: string; name?: string; marketplaceId?: string };
}

type Deps = Pick<ServiceDeps, 'repos' | 'amc' | 'amazonTokens'>;

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

/** AMC's listing of the pair, or a 400 that names what AMC lists (or AMC's own refusal). */
async function listingFromAmc(
  deps: Deps,
  userId: string,
  ids: { accountId: string; instanceId: string; marketplaceId?: string | undefined },
): Promise<AmcListing> {
  let lookup;
  try {
    lookup = await amazonCall(deps, userId, (accessToken) => lookUpAtAmc(deps.amc, accessToken, ids));
  } catch (err) {
    // AMC refused the listing itself (403 for an account that is not the user's, …): the request's fault.
    if (err instanceof AppError && err.code === 'AMC_REQUEST_FAILED') {
      throw new AppError(
        400,
        'AMC_INSTANCE_NOT_VISIBLE',
        `AMC refused to list account ${ids.accountId} for your Amazon login: ${String((err.details?.amc as { message?: string })?.message ?? err.message)}`,
        err.details,
      );
    }
    throw err;
  }
  if (!lookup.found) {
    const code = lookup.missing === 'account' ? 'AMC_ACCOUNT_NOT_VISIBLE' : 'AMC_INSTANCE_NOT_VISIBLE';
    const { found: _found, ...amc } = lookup;
    throw new AppError(400, code, describeMissing(lookup), { amc });
  }
  const { account } = lookup.listing;
  if (ids.marketplaceId !== undefined && ids.marketplaceId !== account.marketplaceId) {
    throw new AppError(
      400,
      'MARKETPLACE_MISMATCH',
      `AMC account ${account.accountId} is in marketplace ${account.marketplaceId}, not ${ids.marketplaceId}`,
      { amc: { accountId: account.accountId, marketplaceId: account.marketplaceId } },
    );
  }
  return lookup.listing;
}

async function unlessRegistered<T>(instanceId: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError(409, 'INSTANCE_EXISTS', `instance ${instanceId} is already registered`);
    throw err;
  }
}

/** Upserts the account as AMC lists it; returns its row id. */
async function saveAccount(
  deps: Deps,
  userId: string,
  listing: AmcListing,
  region: string,
  name: string | undefined,
  tx: Knex.Transaction,
): Promise<string> {
  const account = await deps.repos.amcAccounts.upsert(
    {
      user_id: userId,
      account_id: listing.account.accountId,
      account_name: name ?? listing.account.accountName ?? null,
      marketplace_id: listing.account.marketplaceId,
      region,
    },
    tx,
  );
  return account.id;
}

export async function registerInstance(deps: Deps, userId: string, input: InstanceInput): Promise<InstanceWithAccount> {
  const { repos } = deps;
  const listing = await listingFromAmc(deps, userId, { ...input.account, instanceId: input.instanceId });
  const region = input.region ?? listing.region;
  const row = await unlessRegistered(input.instanceId, () =>
    repos.db.transaction(async (tx) =>
      repos.amcInstances.insert(
        {
          user_id: userId,
          account_id: await saveAccount(deps, userId, listing, region, input.account.name, tx),
          instance_id: input.instanceId,
          instance_name: input.name,
          instance_type: listing.instance.instanceType,
          region,
          // AMC listed the instance to its owner's token: the registration is confirmed (amcSharedKeysOf).
          amc_verified_at: new Date(),
        },
        tx,
      ),
    ),
  );
  return (await repos.amcInstances.findById(userId, row.id))!;
}

/**
 * `current` is the caller's instance (the route found it). AMC is asked again only when the pair or the
 * marketplace changes, or the row still lacks what AMC lists; a new name alone needs no AMC call.
 */
export async function updateInstance(
  deps: Deps,
  userId: string,
  current: InstanceWithAccount,
  input: InstancePatchInput,
): Promise<InstanceWithAccount> {
  const { repos } = deps;
  const instanceId = input.instanceId ?? current.instance_id;
  const accountId = input.account?.accountId ?? current.account.account_id;
  const pairChanged = instanceId !== current.instance_id || accountId !== current.account.account_id;
  const askAmc = pairChanged || input.account?.marketplaceId !== undefined || needsAmcDetails(current);
  const listing = askAmc
    ? await listingFromAmc(deps, userId, { accountId, instanceId, marketplaceId: input.account?.marketplaceId })
    : undefined;
  const region =
    input.region ?? (listing && (pairChanged || !current.account.marketplace_id) ? listing.region : current.region);
  await unlessRegistered(instanceId, () =>
    repos.db.transaction(async (tx) => {
      const accountRowId = listing
        ? await saveAccount(deps, userId, listing, region, input.account?.name, tx)
        : input.account?.name !== undefined
          ? (
              await repos.amcAccounts.upsert(
                {
                  user_id: userId,
                  account_id: current.account.account_id,
                  account_name: input.account.name,
                  marketplace_id: current.account.marketplace_id,
                  region: current.account.region,
                },
                tx,
              )
            ).id
          : current.account_id;
      await repos.amcInstances.update(
        userId,
        current.id,
        {
          instance_id: instanceId,
          instance_name: input.name ?? current.instance_name,
          account_id: accountRowId,
          region,
          // A new address is confirmed by AMC's listing; a name alone keeps the confirmation it had.
          ...(listing && { instance_type: listing.instance.instanceType, amc_verified_at: new Date() }),
        },
        tx,
      );
    }),
  );
  return (await repos.amcInstances.findById(userId, current.id))!;
}
