/**
 * Delete a saved query (DELETE /api/workflows/:id). One that has schedules, running work or stored results is a 409
 * naming them unless `force`; with force its work is cancelled first and then everything goes
 * (services/delete-dependents.ts). Answers what was removed.
 */
import { notFound } from '../lib/app-error';
import { findDependents, refuseUnlessForced, stopDependents, type DeletionReport } from './delete-dependents';
import type { ServiceDeps } from './deps';

export async function deleteSavedQuery(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'amc' | 'amazonTokens' | 'settings'>,
  userId: string,
  id: string,
  opts: { force: boolean },
): Promise<DeletionReport> {
  const row = await deps.repos.savedQueries.findById(userId, id);
  if (!row) throw notFound('workflow');
  const dependents = await findDependents(deps, userId, { savedQueryId: id });
  if (!opts.force) refuseUnlessForced(`saved query "${row.name}"`, dependents);
  const waitSeconds = deps.settings.deleteCancelWaitSeconds;
  const report = await stopDependents(deps, dependents, waitSeconds === undefined ? undefined : waitSeconds * 1000);
  if (!(await deps.repos.savedQueries.delete(userId, id))) throw notFound('workflow');
  return report;
}
