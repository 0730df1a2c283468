/** AMC instances (contract: AMC instances). */
import { Router } from 'express';
import type { Knex } from 'knex';
import { amcTargetOf } from '../../db/amc-instances';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { presentInstance } from '../presenters';
import { deleteSchedulesOf } from '../schedules';
import { instanceBody, type InstanceBody } from '../schemas/instances';
import { amazonCall } from '../amazon-call';
import { currentUserId } from '../auth';
import { listQuery, parseBody, parseQuery, pathId } from '../validate';
import { circuitView } from '../../lib/circuit-breaker';

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

export function createInstancesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  /** Upserts the account and returns the fields of an instance row that the body decides. */
  async function resolveAccount(userId: string, body: InstanceBody, tx: Knex.Transaction) {
    const account = await repos.amcAccounts.upsert(
      {
        user_id: userId,
        account_id: body.account.accountId,
        account_name: body.account.name ?? null,
        marketplace_id: body.account.marketplaceId ?? null,
        region: body.region,
      },
      tx,
    );
    return { account_id: account.id, instance_id: body.instanceId, instance_name: body.name, region: body.region };
  }

  router.get('/discover', async (_req, res) => {
    const userId = currentUserId(res);
    const items = await amazonCall(deps, userId, async (accessToken) => {
      const accounts = await deps.amc.listAccounts(accessToken);
      const perAccount = await Promise.all(
        accounts.map(async (account) => {
          const instances = await deps.amc.listInstances({
            accessToken,
            accountId: account.accountId,
            marketplaceId: account.marketplaceId,
          });
          return instances.map((i) => ({ instance: i, account }));
        }),
      );
      return perAccount.flat();
    });
    const imported = await Promise.all(
      items.map((x) => repos.amcInstances.findByAmcInstanceId(userId, x.instance.instanceId)),
    );
    res.json({
      items: items.map(({ instance, account }, n) => ({
        instanceId: instance.instanceId,
        name: instance.instanceName,
        instanceType: instance.instanceType,
        creationStatus: instance.creationStatus,
        apiEndpoint: instance.apiEndpoint ?? null,
        account: { accountId: account.accountId, name: account.accountName, marketplaceId: account.marketplaceId },
        importedId: imported[n]?.id ?? null,
      })),
      nextCursor: null,
    });
  });

  router.get('/', async (req, res) => {
    const page = await repos.amcInstances.list(currentUserId(res), parseQuery(listQuery, req));
    res.json({ items: page.items.map(presentInstance), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const userId = currentUserId(res);
    const body = parseBody(instanceBody, req);
    try {
      const row = await repos.db.transaction(async (tx) =>
        repos.amcInstances.insert(
          { user_id: userId, instance_type: null, ...(await resolveAccount(userId, body, tx)) },
          tx,
        ),
      );
      res.status(201).json(presentInstance((await repos.amcInstances.findById(userId, row.id))!));
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError(409, 'INSTANCE_EXISTS', `instance ${body.instanceId} is already registered`);
      throw err;
    }
  });

  router.get('/:id', async (req, res) => {
    const instance = await repos.amcInstances.findById(currentUserId(res), pathId(req, 'id', 'instance'));
    if (!instance) throw notFound('instance');
    // The instance's AMC circuit breaker (issue #7): whether our workers are currently holding calls back.
    const { instanceKey: _key, ...circuit } = circuitView(
      await repos.amcCircuits.get(instance.instance_id),
      instance.instance_id,
    );
    res.json({ ...presentInstance(instance), circuit });
  });

  router.put('/:id', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'instance');
    if (!(await repos.amcInstances.findById(userId, id))) throw notFound('instance');
    const body = parseBody(instanceBody, req);
    try {
      await repos.db.transaction(async (tx) =>
        repos.amcInstances.update(userId, id, await resolveAccount(userId, body, tx), tx),
      );
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError(409, 'INSTANCE_EXISTS', `instance ${body.instanceId} is already registered`);
      throw err;
    }
    res.json(presentInstance((await repos.amcInstances.findById(userId, id))!));
  });

  router.delete('/:id', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'instance');
    await deleteSchedulesOf(deps, { userId, instanceId: id }); // their Temporal Schedules; rows cascade
    if (!(await repos.amcInstances.delete(userId, id))) throw notFound('instance');
    res.status(204).end();
  });

  router.post('/:id/validate', async (req, res) => {
    const userId = currentUserId(res);
    const instance = await repos.amcInstances.findById(userId, pathId(req, 'id', 'instance'));
    if (!instance) throw notFound('instance');
    const started = Date.now();
    try {
      await amazonCall(deps, userId, (accessToken) =>
        deps.amc.listWorkflows({ ...amcTargetOf(instance), accessToken }),
      );
      res.json({ ok: true, latencyMs: Date.now() - started });
    } catch (err) {
      const cause = err instanceof AppError && err.details?.amc ? err : undefined;
      if (!cause) throw err;
      res.json({ ok: false, latencyMs: Date.now() - started, error: cause.details!.amc });
    }
  });

  return router;
}
