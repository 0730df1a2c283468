/**
 * The background Amazon token refresh, fired by the Temporal Schedule `recomamp-token-refresh` every few minutes
 * (worker/token-refresh-schedule.ts; overlap SKIP). It replaces a poller inside the worker: the Schedule is
 * durable and visible in the Temporal UI, and each user is one activity, so one user's failure (retried on its
 * own, recorded on their row) never blocks the others.
 *
 * Why one Schedule and not one long-lived workflow per user: the work is a periodic sweep over a table, and the
 * table already says who needs what (expiry, consent, pause owed). A per-user workflow would duplicate that state,
 * need starting at every login and cleaning up at every deletion, and keep thousands of timers open for users who
 * may never run anything. The sweep reads ids only; tokens never enter this workflow's history.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createTokenRefreshActivities } from '../activities/token-refresh';
import { tokenRefreshOptions } from './activity-options';
import type { TokenRefreshWorkflowInput, TokenRefreshWorkflowResult } from './messages';

// Helpers

const { listTokenRefreshWork, refreshUserAmazonToken, pauseWorkForConsent, resumeWorkAfterConsent } =
  proxyActivities<ReturnType<typeof createTokenRefreshActivities>>(tokenRefreshOptions);

/** Runs `fn` over `items` with at most `limit` in flight; returns how many threw. */
async function forEachBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item).catch(() => void (failed += 1));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return failed;
}

// Workflow

/** One sweep: refresh what expires soon, pause the work of users who lost consent, resume those who are back. */
export async function tokenRefreshWorkflow(input: TokenRefreshWorkflowInput): Promise<TokenRefreshWorkflowResult> {
  const work = await listTokenRefreshWork({ bufferSeconds: input.bufferSeconds });
  const pause = new Set(work.pause);
  let refreshed = 0;
  const failed = await forEachBounded(work.refresh, input.parallelism, async (userId) => {
    const { outcome } = await refreshUserAmazonToken({ userId });
    if (outcome === 'refreshed') refreshed += 1;
    if (outcome === 'consent_required') pause.add(userId);
  });
  const consentRequired = pause.size - work.pause.length;
  const pauseFailed = await forEachBounded([...pause], input.parallelism, async (userId) => {
    await pauseWorkForConsent({ userId });
  });
  const resumeFailed = await forEachBounded(work.resume, input.parallelism, async (userId) => {
    await resumeWorkAfterConsent({ userId });
  });
  return {
    refreshed,
    consentRequired,
    failed,
    paused: pause.size - pauseFailed,
    resumed: work.resume.length - resumeFailed,
  };
}
