/**
 * In-memory world of the simulator: Amazon users → AMC accounts → instances, OAuth codes and tokens,
 * saved workflows and executions. Nothing persists across restarts.
 */
import type {
  AccessTokenRecord,
  AuthCode,
  InstanceStats,
  RefreshTokenRecord,
  SimAccount,
  SimExecution,
  SimInstance,
  SimUser,
  StoredWorkflow,
} from './state-types';
import { hashedAlnum } from './ids';

export type {
  SimUser,
  SimAccount,
  SimInstance,
  AuthCode,
  AccessTokenRecord,
  RefreshTokenRecord,
  StoredWorkflow,
  SimExecutionStatus,
  SimTimeWindow,
  SimExecution,
  InstanceStats,
} from './state-types';

export const DEMO_USER_KEY = 'demo';
export const DEMO_ACCOUNT_ID = 'ENTITY1DEMO0ACCT1';
export const DEMO_INSTANCE_ID = 'amcdemo0001';
const US_MARKETPLACE = 'ATVPDKIKX0DER';

export function createState() {
  const users = new Map<string, SimUser>();
  const userKeys = new Map<string, string>(); // sim_user name (lower-case) → userId
  const accounts = new Map<string, SimAccount>();
  const instances = new Map<string, SimInstance>();
  const state = {
    users,
    accounts,
    instances,
    codes: new Map<string, AuthCode>(),
    accessTokens: new Map<string, AccessTokenRecord>(),
    refreshTokens: new Map<string, RefreshTokenRecord>(),
    /** instanceId → workflowId → workflow */
    workflows: new Map<string, Map<string, StoredWorkflow>>(),
    executions: new Map<string, SimExecution>(),
    instanceStats: new Map<string, InstanceStats>(),
    counters: {
      executionsCreated: 0,
      statusChecks: 0,
      tokensIssued: 0,
      tokensRefreshed: 0,
      tokensRevoked: 0,
      codesIssued: 0,
    },

    /** The Amazon user behind `sim_user=<name>` (created on first use); the demo user without a name. */
    userFor(simUser: string | undefined): SimUser {
      const key = (simUser ?? '').trim().toLowerCase() || DEMO_USER_KEY;
      const existing = userKeys.get(key);
      if (existing) return users.get(existing)!;
      return key === DEMO_USER_KEY ? seedDemo() : seedUser(key, (simUser ?? '').trim());
    },

    accountsOf(userId: string): SimAccount[] {
      return [...accounts.values()].filter((a) => a.ownerUserId === userId);
    },

    instancesOf(accountId: string): SimInstance[] {
      return [...instances.values()].filter((i) => i.accountId === accountId);
    },

    workflowsOf(instanceId: string): Map<string, StoredWorkflow> {
      let map = state.workflows.get(instanceId);
      if (!map) state.workflows.set(instanceId, (map = new Map()));
      return map;
    },

    /**
     * Another AMC account (with one instance) for the Amazon user behind `sim_user` (the demo user without one),
     * e.g. in another marketplace: `POST /__sim/accounts`. Ids are random, so each call adds a new pair.
     */
    addAccount(
      simUser: string | undefined,
      opts: { marketplaceId: string; accountName?: string; instanceType?: 'STANDARD' | 'SANDBOX' },
    ): { account: SimAccount; instance: SimInstance } {
      const user = state.userFor(simUser);
      const accountId = `ENTITY${hashedAlnum(`account:${user.userId}:${Math.random()}`, 12, 'upper')}`;
      const account: SimAccount = {
        accountId,
        accountName: opts.accountName ?? `${user.name} AMC (${opts.marketplaceId})`,
        marketplaceId: opts.marketplaceId,
        ownerUserId: user.userId,
      };
      const instance: SimInstance = {
        instanceId: `amc${hashedAlnum(`instance:${accountId}`, 8, 'lower')}`,
        instanceName: `${account.accountName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-main`,
        instanceType: opts.instanceType ?? 'STANDARD',
        accountId,
        customerCanonicalName: user.name,
        createdAtMs: Date.now(),
      };
      accounts.set(accountId, account);
      instances.set(instance.instanceId, instance);
      return { account, instance };
    },

    statsOf(instanceId: string): InstanceStats {
      let s = state.instanceStats.get(instanceId);
      if (!s) {
        s = { created: 0, running: 0, pending: 0, peakConcurrent: 0, succeeded: 0, failed: 0, cancelled: 0 };
        state.instanceStats.set(instanceId, s);
      }
      return s;
    },
  };

  function addUser(key: string, user: SimUser, account: SimAccount, instance: SimInstance): SimUser {
    users.set(user.userId, user);
    userKeys.set(key, user.userId);
    accounts.set(account.accountId, account);
    instances.set(instance.instanceId, instance);
    return user;
  }

  function seedDemo(): SimUser {
    const userId = `amzn1.account.${hashedAlnum('user:demo', 28, 'upper')}`;
    return addUser(
      DEMO_USER_KEY,
      { userId, name: 'Demo User', email: 'demo@recomamp.example' },
      { accountId: DEMO_ACCOUNT_ID, accountName: 'Demo Brand AMC', marketplaceId: US_MARKETPLACE, ownerUserId: userId },
      {
        instanceId: DEMO_INSTANCE_ID,
        instanceName: 'demo-brand-main',
        instanceType: 'STANDARD',
        accountId: DEMO_ACCOUNT_ID,
        customerCanonicalName: 'Demo Brand',
        createdAtMs: Date.parse('2024-03-29T08:12:11.572Z'),
      },
    );
  }

  // Other users get ids derived from their name, so a name always maps to the same account and instance.
  function seedUser(key: string, displayName: string): SimUser {
    const userId = `amzn1.account.${hashedAlnum(`user:${key}`, 28, 'upper')}`;
    const accountId = `ENTITY${hashedAlnum(`account:${key}`, 12, 'upper')}`;
    const slug = key.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'user';
    return addUser(
      key,
      { userId, name: displayName, email: `${slug}@sim.recomamp.example` },
      { accountId, accountName: `${displayName} AMC`, marketplaceId: US_MARKETPLACE, ownerUserId: userId },
      {
        instanceId: `amc${hashedAlnum(`instance:${key}`, 8, 'lower')}`,
        instanceName: `${slug}-main`,
        instanceType: 'STANDARD',
        accountId,
        customerCanonicalName: displayName,
        createdAtMs: Date.now(),
      },
    );
  }

  state.userFor(undefined); // the demo user exists from the start
  return state;
}

export type SimState = ReturnType<typeof createState>;
