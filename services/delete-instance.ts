/**
 * Delete an AMC instance (DELETE /api/instances/:id). One that has saved queries, schedules, running work or stored
 * results is a 409 naming them unless `force`; with force its work is cancelled first and then everything goes
 * (services/delete-dependents.ts). Answers what was removed.
 */
import { notFound } from '../lib/app-error';
import { findDependents, refuseUnlessForced, stopDependents, type DeletionReport } from './delete-dependents';
import type { ServiceDeps } from './deps';

export async function deleteInstance(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'amc' | 'amazonTokens' | 'settings'>,
  userId: string,
  id: string,
  opts: { force: boolean },
): Promise<DeletionReport> {
  const row = await deps.repos.amcInstances.findById(userId, id);
  if (!row) throw notFound('instance');
  const dependents = await findDependents(deps, userId, { instanceId: id });
  if (!opts.force) refuseUnlessForced(`instance ${row.instance_id} ("${row.instance_name}")`, dependents);
  const waitSeconds = deps.settings.deleteCancelWaitSeconds;
  const report = await stopDependents(deps, dependents, waitSeconds === undefined ? undefined : waitSeconds * 1000);
  if (!(await deps.repos.amcInstances.delete(userId, id))) throw notFound('instance');
  return report;
}
