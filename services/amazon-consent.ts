/**
 * When a user's Amazon consent is gone for good (LWA invalid_grant, revoked consent), their recurring work
 * pauses instead of failing week after week: each running Temporal Schedule is paused and each active data
 * collection is signalled to pause, all marked AMAZON_CONSENT_REQUIRED. The next successful login resumes
 * exactly those, and nothing the user paused themselves.
 *
 * Both directions are idempotent, and the token refresh workflow re-runs them for any user whose row says a
 * pause or resume is still owed, so a Temporal or Postgres blip at the wrong moment only delays them.
 */
import { ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SchedulesDb } from '../db/schedules';
import { pauseActor } from '../db/tables';
import { CONSENT_PAUSE, type TokenRefreshDb } from '../db/token-refresh';
import { pauseSignal, resumeSignal } from '../workflows/messages';

export interface ConsentWorkDeps {
  temporal: Pick<Client, 'schedule' | 'workflow'>;
  schedules: Pick<SchedulesDb, 'recordPause' | 'recordResume' | 'update'>;
  tokenRefresh: TokenRefreshDb;
}

const PAUSE_NOTE = 'paused: Amazon consent is required; sign in with Amazon again to resume';
const RESUME_NOTE = 'resumed: Amazon consent was granted again';

/** Gone (deleted schedule, finished workflow) counts as done. */
async function ignoringGone(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError || err instanceof WorkflowNotFoundError)) throw err;
  }
}

export function createConsentWork(deps: ConsentWorkDeps) {
  return {
    async pauseForConsent(userId: string): Promise<{ schedules: number; collections: number }> {
      const schedules = await deps.tokenRefresh.runningSchedules(userId);
      for (const row of schedules) {
        await ignoringGone(() => deps.temporal.schedule.getHandle(row.temporal_schedule_id).pause(PAUSE_NOTE));
        await deps.schedules.recordPause(row.id, {
          at: new Date(),
          note: PAUSE_NOTE,
          by: pauseActor.system(CONSENT_PAUSE),
        });
        await deps.schedules.update(row.id, { paused: true, note: PAUSE_NOTE, paused_by: CONSENT_PAUSE });
      }
      const collections = await deps.tokenRefresh.activeCollections(userId);
      for (const row of collections) {
        await deps.tokenRefresh.setCollectionPausedBy(row.id, CONSENT_PAUSE);
        await ignoringGone(() => deps.temporal.workflow.getHandle(row.temporal_workflow_id).signal(pauseSignal));
      }
      await deps.tokenRefresh.setWorkPaused(userId, true);
      return { schedules: schedules.length, collections: collections.length };
    },

    async resumeAfterConsent(userId: string): Promise<{ schedules: number; collections: number }> {
      const schedules = await deps.tokenRefresh.schedulesPausedForConsent(userId);
      for (const row of schedules) {
        await ignoringGone(() => deps.temporal.schedule.getHandle(row.temporal_schedule_id).unpause(RESUME_NOTE));
        await deps.schedules.recordResume(row.id, {
          at: new Date(),
          note: RESUME_NOTE,
          by: pauseActor.system(CONSENT_PAUSE),
        });
        await deps.schedules.update(row.id, { paused: false, note: RESUME_NOTE, paused_by: null });
      }
      const collections = await deps.tokenRefresh.collectionsPausedForConsent(userId);
      for (const row of collections) {
        await ignoringGone(() => deps.temporal.workflow.getHandle(row.temporal_workflow_id).signal(resumeSignal));
        await deps.tokenRefresh.setCollectionPausedBy(row.id, null);
      }
      await deps.tokenRefresh.setWorkPaused(userId, false);
      return { schedules: schedules.length, collections: collections.length };
    },
  };
}
export type ConsentWork = ReturnType<typeof createConsentWork>;
