/** Delete a saved query (DELETE /api/workflows/:id): its Temporal Schedules first; rows cascade. */
import { notFound } from '../lib/app-error';
import { deleteSchedulesOf } from './delete-schedule';
import type { ServiceDeps } from './deps';

export async function deleteSavedQuery(
  deps: Pick<ServiceDeps, 'repos' | 'temporal'>,
  userId: string,
  id: string,
): Promise<void> {
  await deleteSchedulesOf(deps, { userId, savedQueryId: id });
  if (!(await deps.repos.savedQueries.delete(userId, id))) throw notFound('workflow');
}
