/** Delete a schedule (DELETE /api/schedules/:id), and the schedules of a saved query or instance being deleted. */
import type { ScheduleRow } from '../db/tables';
import { deleteTemporalSchedules } from '../temporal/schedules';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos' | 'temporal'>;

export async function deleteSchedule(deps: Deps, row: ScheduleRow): Promise<void> {
  await deleteTemporalSchedules(deps, [row]);
  await deps.repos.schedules.delete(row.id);
}

/**
 * Deleting a saved query or an instance deletes its schedules: their Temporal Schedules here, the rows by the
 * foreign keys' cascade. Call before deleting the saved query or instance row.
 */
export async function deleteSchedulesOf(
  deps: Deps,
  owner: { userId: string; savedQueryId?: string; instanceId?: string },
): Promise<void> {
  const rows = owner.savedQueryId
    ? await deps.repos.schedules.listBySavedQuery(owner.userId, owner.savedQueryId)
    : await deps.repos.schedules.listByInstance(owner.userId, owner.instanceId!);
  await deleteTemporalSchedules(deps, rows);
}
