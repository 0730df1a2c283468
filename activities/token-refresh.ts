/**
 * Activities of the background Amazon token refresh (workflows/token-refresh.ts). They pass user ids only:
 * tokens are opened, refreshed and sealed inside amazon/tokens.ts and never leave this process.
 */
import { Context } from '@temporalio/activity';
import type { SchedulesDb } from '../db/schedules';
import type { TokenRefreshDb } from '../db/token-refresh';
import { createConsentWork } from '../services/amazon-consent';
import type { AmazonTokenService } from '../amazon/tokens';

export interface TokenRefreshActivitiesDeps {
  tokens: Pick<AmazonTokenService, 'refreshUserToken'>;
  tokenRefresh: TokenRefreshDb;
  schedules: Pick<SchedulesDb, 'recordPause' | 'recordResume' | 'update'>;
}

export interface TokenRefreshWork {
  /** Connected users whose token expires within the buffer. */
  refresh: string[];
  /** Users without consent whose work still runs. */
  pause: string[];
  /** Users who consented again while their work is still paused. */
  resume: string[];
}

export function createTokenRefreshActivities(deps: TokenRefreshActivitiesDeps) {
  // The worker's own Temporal client (the activity context has one): pausing means pausing Schedules.
  const consentWork = () =>
    createConsentWork({
      temporal: Context.current().client,
      schedules: deps.schedules,
      tokenRefresh: deps.tokenRefresh,
    });

  return {
    async listTokenRefreshWork({ bufferSeconds }: { bufferSeconds: number }): Promise<TokenRefreshWork> {
      const [refresh, pause, resume] = await Promise.all([
        deps.tokenRefresh.usersExpiringWithin(bufferSeconds),
        deps.tokenRefresh.usersToPause(),
        deps.tokenRefresh.usersToResume(),
      ]);
      return { refresh, pause, resume };
    },

    /** One user's refresh; the outcome (and any error) is recorded on the user row. */
    async refreshUserAmazonToken({ userId }: { userId: string }) {
      return deps.tokens.refreshUserToken(userId);
    },

    async pauseWorkForConsent({ userId }: { userId: string }) {
      if (await deps.tokenRefresh.isConnected(userId)) return { schedules: 0, collections: 0 }; // consented meanwhile
      return consentWork().pauseForConsent(userId);
    },

    async resumeWorkAfterConsent({ userId }: { userId: string }) {
      if (!(await deps.tokenRefresh.isConnected(userId))) return { schedules: 0, collections: 0 };
      return consentWork().resumeAfterConsent(userId);
    },
  };
}
