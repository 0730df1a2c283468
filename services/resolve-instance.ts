/**
 * What AMC says about an AMC account + instance pair, read from its own listings with the user's token
 * (GET /amc/accounts, GET /amc/instances): the account's marketplace (the MarketplaceId header every reporting
 * call needs), the instance's type, and the region that marketplace belongs to. Registration asks this (a pair
 * the user's token cannot see is refused), and rows registered before it did are repaired with it at first use.
 */
import type { AmcAccount, AmcClient, AmcInstance } from '../amc/client';
import type { AmcAccountsDb } from '../db/amc-accounts';
import type { AmcInstancesDb, AmcTarget, InstanceWithAccount } from '../db/amc-instances';
import { amcTargetOf, needsAmcDetails } from '../db/amc-instances';
import { regionOfMarketplace, type AmcRegion } from '../lib/amc-regions';
import { AppError } from '../lib/app-error';

export interface AmcListing {
  account: AmcAccount;
  instance: AmcInstance;
  /** The region of the account's marketplace. */
  region: AmcRegion;
}

/** Why AMC's listings do not hold the pair, in AMC's terms: what it does list instead. */
export type AmcLookup =
  | { found: true; listing: AmcListing }
  | { found: false; missing: 'account'; accountId: string; visibleAccounts: string[] }
  | { found: false; missing: 'instance'; instanceId: string; accountId: string; visibleInstances: string[] };

export async function lookUpAtAmc(
  amc: Pick<AmcClient, 'listAccounts' | 'listInstances'>,
  accessToken: string,
  ids: { accountId: string; instanceId: string },
): Promise<AmcLookup> {
  const accounts = await amc.listAccounts(accessToken);
  const account = accounts.find((a) => a.accountId === ids.accountId);
  if (!account) {
    return {
      found: false,
      missing: 'account',
      accountId: ids.accountId,
      visibleAccounts: accounts.map((a) => `${a.accountId} (${a.accountName})`),
    };
  }
  const region = regionOfMarketplace(account.marketplaceId);
  const instances = await amc.listInstances({
    accessToken,
    accountId: account.accountId,
    marketplaceId: account.marketplaceId,
    region,
  });
  const instance = instances.find((i) => i.instanceId === ids.instanceId);
  if (!instance) {
    return {
      found: false,
      missing: 'instance',
      instanceId: ids.instanceId,
      accountId: account.accountId,
      visibleInstances: instances.map((i) => `${i.instanceId} (${i.instanceName})`),
    };
  }
  return { found: true, listing: { account, instance, region } };
}

/** One sentence naming what AMC lists instead. */
export function describeMissing(lookup: Exclude<AmcLookup, { found: true }>): string {
  const list = (items: string[]) => (items.length > 0 ? items.join(', ') : 'none');
  return lookup.missing === 'account'
    ? `AMC lists no account ${lookup.accountId} for your Amazon login (it lists: ${list(lookup.visibleAccounts)})`
    : `AMC account ${lookup.accountId} lists no instance ${lookup.instanceId} for your Amazon login ` +
        `(it lists: ${list(lookup.visibleInstances)})`;
}

/**
 * Fills what a registered row lacks (marketplace, instance type) from AMC's listings and returns the repaired
 * row (a region is kept once a marketplace was known: the user may have chosen it); `missing` says what AMC lists
 * when it no longer lists the pair.
 */
export async function repairInstanceDetails(
  deps: {
    amc: Pick<AmcClient, 'listAccounts' | 'listInstances'>;
    amcAccounts: Pick<AmcAccountsDb, 'upsert'>;
    amcInstances: Pick<AmcInstancesDb, 'update' | 'findById'>;
  },
  accessToken: string,
  instance: InstanceWithAccount,
): Promise<{ instance: InstanceWithAccount } | { missing: string }> {
  const lookup = await lookUpAtAmc(deps.amc, accessToken, {
    accountId: instance.account.account_id,
    instanceId: instance.instance_id,
  });
  if (!lookup.found) return { missing: describeMissing(lookup) };
  const { account, instance: amcInstance } = lookup.listing;
  // A row without a marketplace never had its region resolved either (it was the old default, NA).
  const region = instance.account.marketplace_id ? instance.region : lookup.listing.region;
  await deps.amcAccounts.upsert({
    user_id: instance.user_id,
    account_id: account.accountId,
    account_name: instance.account.account_name ?? account.accountName,
    marketplace_id: account.marketplaceId,
    region,
  });
  await deps.amcInstances.update(instance.user_id, instance.id, { instance_type: amcInstance.instanceType, region });
  return { instance: (await deps.amcInstances.findById(instance.user_id, instance.id))! };
}

/**
 * For use cases in a request: the instance's AMC address, its row repaired first when it lacks AMC's details.
 * An instance AMC no longer lists for the user is a 409 naming what AMC lists.
 */
export async function amcAddressFor(
  deps: {
    amc: Pick<AmcClient, 'listAccounts' | 'listInstances'>;
    repos: { amcAccounts: Pick<AmcAccountsDb, 'upsert'>; amcInstances: Pick<AmcInstancesDb, 'update' | 'findById'> };
  },
  accessToken: string,
  instance: InstanceWithAccount,
): Promise<AmcTarget> {
  if (!needsAmcDetails(instance)) return amcTargetOf(instance);
  const repaired = await repairInstanceDetails({ amc: deps.amc, ...deps.repos }, accessToken, instance);
  if ('missing' in repaired) throw new AppError(409, 'INSTANCE_NOT_AT_AMC', repaired.missing);
  return amcTargetOf(repaired.instance);
}
