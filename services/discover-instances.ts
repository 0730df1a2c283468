/**
 * Discover the caller's AMC instances (GET /api/instances/discover): every account and instance AMC lists for the
 * user's Amazon login, each with the id of our row when it is already registered.
 */
import type { AmcAccount, AmcInstance } from '../amc/client';
import { amazonCall } from './amazon-call';
import type { ServiceDeps } from './deps';

export interface DiscoveredInstance {
  instance: AmcInstance;
  account: AmcAccount;
  /** Our amc_instances row for it, when registered. */
  importedId: string | null;
}

export async function discoverInstances(
  deps: Pick<ServiceDeps, 'repos' | 'amc' | 'amazonTokens'>,
  userId: string,
): Promise<DiscoveredInstance[]> {
  const items = await amazonCall(deps, userId, async (accessToken) => {
    const accounts = await deps.amc.listAccounts(accessToken);
    const perAccount = await Promise.all(
      accounts.map(async (account) => {
        const instances = await deps.amc.listInstances({
          accessToken,
          accountId: account.accountId,
          marketplaceId: account.marketplaceId,
        });
        return instances.map((instance) => ({ instance, account }));
      }),
    );
    return perAccount.flat();
  });
  const imported = await Promise.all(
    items.map((x) => deps.repos.amcInstances.findByAmcInstanceId(userId, x.instance.instanceId)),
  );
  return items.map((x, n) => ({ ...x, importedId: imported[n]?.id ?? null }));
}
