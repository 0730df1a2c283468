/**
 * Register and update an AMC instance (POST /api/instances, PUT /api/instances/:id): the AMC account is upserted
 * with it, and an AMC instance id the caller already registered is a 409.
 */
import type { Knex } from 'knex';
import type { InstanceWithAccount } from '../db/amc-instances';
import { AppError } from '../lib/app-error';
import type { ServiceDeps } from './deps';

export interface InstanceInput {
  /** AMC's instance id (`amc…`). */
  instanceId: string;
  name: string;
  region: string;
  account: { accountId: string; name?: string; marketplaceId?: string };
}

type Deps = Pick<ServiceDeps, 'repos'>;

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

/** Upserts the account and returns the fields of an instance row that the input decides. */
async function resolveAccount(deps: Deps, userId: string, input: InstanceInput, tx: Knex.Transaction) {
  const account = await deps.repos.amcAccounts.upsert(
    {
      user_id: userId,
      account_id: input.account.accountId,
      account_name: input.account.name ?? null,
      marketplace_id: input.account.marketplaceId ?? null,
      region: input.region,
    },
    tx,
  );
  // A changed address is a claim AMC has not confirmed yet: it stops sharing AMC's quota and circuit until it has.
  return {
    account_id: account.id,
    instance_id: input.instanceId,
    instance_name: input.name,
    region: input.region,
    amc_verified_at: null,
  };
}

async function unlessRegistered<T>(input: InstanceInput, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError(409, 'INSTANCE_EXISTS', `instance ${input.instanceId} is already registered`);
    throw err;
  }
}

export async function registerInstance(deps: Deps, userId: string, input: InstanceInput): Promise<InstanceWithAccount> {
  const { repos } = deps;
  const row = await unlessRegistered(input, () =>
    repos.db.transaction(async (tx) =>
      repos.amcInstances.insert(
        { user_id: userId, instance_type: null, ...(await resolveAccount(deps, userId, input, tx)) },
        tx,
      ),
    ),
  );
  return (await repos.amcInstances.findById(userId, row.id))!;
}

/** `id` is the caller's instance (the route has checked it exists). */
export async function updateInstance(
  deps: Deps,
  userId: string,
  id: string,
  input: InstanceInput,
): Promise<InstanceWithAccount> {
  const { repos } = deps;
  await unlessRegistered(input, () =>
    repos.db.transaction(async (tx) =>
      repos.amcInstances.update(userId, id, await resolveAccount(deps, userId, input, tx), tx),
    ),
  );
  return (await repos.amcInstances.findById(userId, id))!;
}
