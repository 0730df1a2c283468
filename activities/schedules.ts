/** The activity of the scheduled-run workflow: one Schedule fire → one execution row (services/create-scheduled-execution.ts). */
import {
  createScheduledExecution,
  type ScheduledExecutionDeps,
  type ScheduledExecutionInput,
  type ScheduledExecutionOutcome,
} from '../services/create-scheduled-execution';

export function createScheduleActivities(deps: ScheduledExecutionDeps) {
  return {
    /** Idempotent per (schedule, scheduled time); a fire that cannot run is recorded as a skip, not thrown. */
    async createScheduledExecution(input: ScheduledExecutionInput): Promise<ScheduledExecutionOutcome> {
      return createScheduledExecution(deps, input);
    },
  };
}
