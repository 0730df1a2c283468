/** A schedule as Temporal sees it (GET /api/schedules/:id and the answers that show `nextRuns`). */
import type { Client } from '@temporalio/client';
import type { ScheduleRow } from '../db/tables';
import { scheduleHandle } from '../temporal/schedules';

type Deps = { temporal: Pick<Client, 'schedule'> };

/** Upcoming fire times (empty while paused). */
export async function nextRuns(deps: Deps, row: ScheduleRow): Promise<Date[]> {
  const description = await scheduleHandle(deps, row).describe();
  return description.state.paused ? [] : description.info.nextActionTimes;
}

/** Upcoming fire times and Temporal's counters for the schedule. */
export async function describeSchedule(deps: Deps, row: ScheduleRow) {
  const description = await scheduleHandle(deps, row).describe();
  return {
    nextRuns: row.paused ? [] : description.info.nextActionTimes,
    temporal: {
      actionsTaken: description.info.numActionsTaken,
      actionsSkippedOverlap: description.info.numActionsSkippedOverlap,
      actionsMissedCatchupWindow: description.info.numActionsMissedCatchupWindow,
      runningWorkflowIds: description.info.runningActions.map((a) => a.workflow.workflowId),
    },
  };
}
