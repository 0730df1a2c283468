/** Delete an AMC instance (DELETE /api/instances/:id): its schedules' Temporal Schedules first; rows cascade. */
import { notFound } from '../lib/app-error';
import { deleteSchedulesOf } from './delete-schedule';
import type { ServiceDeps } from './deps';

export async function deleteInstance(
  deps: Pick<ServiceDeps, 'repos' | 'temporal'>,
  userId: string,
  id: string,
): Promise<void> {
  await deleteSchedulesOf(deps, { userId, instanceId: id });
  if (!(await deps.repos.amcInstances.delete(userId, id))) throw notFound('instance');
}
