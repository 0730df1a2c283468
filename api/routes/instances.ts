/** AMC instances (contract: AMC instances). */
import { Router } from 'express';
import { circuitView } from '../../amazon/circuit-breaker';
import { sharedKeysOfInstance } from '../../db/amc-instances';
import { deleteInstance } from '../../services/delete-instance';
import { discoverInstances } from '../../services/discover-instances';
import { registerInstance, updateInstance } from '../../services/save-instance';
import { validateInstance } from '../../services/validate-instance';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { presentDiscoveredInstance, presentInstance } from '../presenters';
import { instanceBody, instancePatchBody } from '../schemas/instances';
import { forceQuery, listQuery, parseBody, parseQuery, pathId } from '../validate';

export function createInstancesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  router.get('/discover', async (_req, res) => {
    const items = await discoverInstances(deps, currentUserId(res));
    res.json({ items: items.map(presentDiscoveredInstance), nextCursor: null });
  });

  router.get('/', async (req, res) => {
    const page = await repos.amcInstances.list(currentUserId(res), parseQuery(listQuery, req));
    res.json({ items: page.items.map(presentInstance), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const instance = await registerInstance(deps, currentUserId(res), parseBody(instanceBody, req));
    res.status(201).json(presentInstance(instance));
  });

  router.get('/:id', async (req, res) => {
    const instance = await repos.amcInstances.findById(currentUserId(res), pathId(req, 'id', 'instance'));
    if (!instance) throw notFound('instance');
    // The instance's AMC circuit breaker (issue #7): whether our workers are currently holding calls back.
    const key = sharedKeysOfInstance(instance).instanceKey;
    const { instanceKey: _key, ...circuit } = circuitView(await repos.amcCircuits.get(key), key);
    res.json({ ...presentInstance(instance), circuit });
  });

  // PUT and PATCH both change only what the body names (a wrong marketplace or name is fixed with one field).
  for (const method of ['put', 'patch'] as const) {
    router[method]('/:id', async (req, res) => {
      const userId = currentUserId(res);
      const current = await repos.amcInstances.findById(userId, pathId(req, 'id', 'instance'));
      if (!current) throw notFound('instance');
      res.json(presentInstance(await updateInstance(deps, userId, current, parseBody(instancePatchBody, req))));
    });
  }

  /** 409 naming what depends on it, unless ?force=true: then running work is cancelled first (see the service). */
  router.delete('/:id', async (req, res) => {
    const id = pathId(req, 'id', 'instance');
    const { force } = parseQuery(forceQuery, req);
    const report = await deleteInstance(deps, currentUserId(res), id, { force });
    if (force) res.json({ deleted: { instanceId: id }, ...report });
    else res.status(204).end();
  });

  router.post('/:id/validate', async (req, res) => {
    const userId = currentUserId(res);
    const instance = await repos.amcInstances.findById(userId, pathId(req, 'id', 'instance'));
    if (!instance) throw notFound('instance');
    res.json(await validateInstance(deps, userId, instance));
  });

  return router;
}
