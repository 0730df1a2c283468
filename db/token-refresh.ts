/**
 * Queries of the background token refresh and of the pause for re-consent (issue #3): which users need a
 * refresh, whose work must be paused or resumed, and which schedules and collections that work is.
 * System context only (the worker and the auth flow): it reads across users.
 */
import type { Knex } from 'knex';
import { TABLES, type DataCollectionRow, type ScheduleRow, type UserRow } from './tables';

/** What a pause for re-consent is marked with, so that the next login resumes exactly that. */
export const CONSENT_PAUSE = 'AMAZON_CONSENT_REQUIRED';

export function createTokenRefreshDb(db: Knex) {
  const users = () => db<UserRow>(TABLES.users);
  return {
    /** Connected users whose Amazon access token expires within `bufferSeconds` (ids only). */
    async usersExpiringWithin(bufferSeconds: number): Promise<string[]> {
      const rows = await users()
        .where({ amazon_connection_status: 'connected' })
        .whereNotNull('amazon_refresh_token_sealed')
        .andWhere('amazon_token_expires_at', '<', db.raw('now() + make_interval(secs => ?)', [bufferSeconds]))
        .select('id');
      return rows.map((r) => r.id);
    },
    /** Users who lost consent and whose work is not paused yet. */
    async usersToPause(): Promise<string[]> {
      const rows = await users()
        .where({ amazon_connection_status: 'needs_consent' })
        .whereNull('amazon_work_paused_at')
        .select('id');
      return rows.map((r) => r.id);
    },
    /** Users who consented again while their work is still paused (a resume at login that did not get through). */
    async usersToResume(): Promise<string[]> {
      const rows = await users()
        .where({ amazon_connection_status: 'connected' })
        .whereNotNull('amazon_work_paused_at')
        .select('id');
      return rows.map((r) => r.id);
    },
    async setWorkPaused(userId: string, paused: boolean): Promise<void> {
      await users()
        .where({ id: userId })
        .update({ amazon_work_paused_at: paused ? db.fn.now() : null } as never);
    },
    async isConnected(userId: string): Promise<boolean> {
      const row = await users().where({ id: userId }).select('amazon_connection_status').first();
      return row?.amazon_connection_status === 'connected';
    },

    async runningSchedules(userId: string): Promise<ScheduleRow[]> {
      return db<ScheduleRow>(TABLES.schedules).where({ user_id: userId, paused: false });
    },
    async schedulesPausedForConsent(userId: string): Promise<ScheduleRow[]> {
      return db<ScheduleRow>(TABLES.schedules).where({ user_id: userId, paused: true, paused_by: CONSENT_PAUSE });
    },
    /** Collections still working (PAUSED ones the user paused stay theirs to resume). */
    async activeCollections(userId: string): Promise<DataCollectionRow[]> {
      return db<DataCollectionRow>(TABLES.dataCollections)
        .where({ user_id: userId })
        .whereIn('status', ['PENDING', 'RUNNING']);
    },
    async collectionsPausedForConsent(userId: string): Promise<DataCollectionRow[]> {
      return db<DataCollectionRow>(TABLES.dataCollections).where({ user_id: userId, paused_by: CONSENT_PAUSE });
    },
    async setCollectionPausedBy(id: string, pausedBy: string | null): Promise<void> {
      await db(TABLES.dataCollections).where({ id }).update({ paused_by: pausedBy, updated_at: db.fn.now() });
    },
  };
}
export type TokenRefreshDb = ReturnType<typeof createTokenRefreshDb>;
