/** Delete a schedule (DELETE /api/schedules/:id): its Temporal Schedule, then the row. */
import type { ScheduleRow } from '../db/tables';
import { deleteTemporalSchedules } from '../temporal/schedules';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos' | 'temporal'>;

export async function deleteSchedule(deps: Deps, row: ScheduleRow): Promise<void> {
  await deleteTemporalSchedules(deps, [row]);
  await deps.repos.schedules.delete(row.id);
}
