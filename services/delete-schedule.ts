/**
 * Delete a schedule (DELETE /api/schedules/:id), in the order services/schedule-sync.ts describes: the row is
 * marked PENDING_DELETE (from then on a 404 and out of every list), its Temporal Schedule is deleted, then the row.
 * If Temporal cannot be reached the error is answered and the reconciler finishes the deletion.
 */
import type { ScheduleRow } from '../db/tables';
import { notFound } from '../lib/app-error';
import { deleteTemporalSchedules } from '../temporal/schedules';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos' | 'temporal'>;

export async function deleteSchedule(deps: Deps, row: ScheduleRow): Promise<void> {
  const pending = await deps.repos.schedules.requestSync(row.id, {}, 'PENDING_DELETE');
  if (!pending) throw notFound('schedule');
  await deleteTemporalSchedules(deps, [pending]);
  await deps.repos.schedules.deletePending(pending.id);
}
