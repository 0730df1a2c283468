/**
 * List a schedule's runs (GET /api/schedules/:id/runs): the executions a schedule started, plus the fires that
 * never became one, each with the reason. Temporal records no per-fire history of skips (its description only counts them), so missing
 * fires are derived: Temporal lists every time the spec matched (ListScheduleMatchingTimes, zone and DST
 * included), and each matched time with no execution is explained by, in order:
 *   1. a skip the scheduled-run workflow recorded (e.g. INVALID_PARAMETERS);
 *   2. a pause interval covering it → PAUSED (with the pause note);
 *   3. an execution of this schedule still running at that time → OVERLAP (or BUFFERED: the one fire a
 *      buffer_one schedule holds until the running execution finishes);
 *   4. otherwise NOT_STARTED: Temporal or the workers were down past the catch-up window, or the run failed
 *      before its execution row was written.
 * 2 and 3 are certain the moment the time passes (Temporal skips a paused or overlapping fire at once), so they are
 * listed at once; 4 only once the fire is older than the grace period (until then its run may still be starting).
 * Fires from `trigger` and backfills are not spec times: they show up only as executions (or recorded skips).
 */
import type { ExecutionRow, ScheduleRow, SchedulePauseRow } from '../db/tables';
import { scheduleWindow } from '../lib/schedule-window';
import { matchingTimes } from '../temporal/schedules';
import type { ServiceDeps } from './deps';

const DAY_MS = 24 * 3600 * 1000;
/** Matching times are looked up at most this far back. */
const LOOKBACK_MS = 35 * DAY_MS;

export interface ScheduleRun {
  scheduledAt: string;
  executionId: string | null;
  status: string;
  timeWindowStart: string;
  timeWindowEnd: string;
  skipped?: true;
  reason?: string;
  detail?: string;
}

const iso = (d: Date) => d.toISOString();

function missedRun(row: ScheduleRow, at: Date, status: string, reason: string, detail?: string | null): ScheduleRun {
  const w = scheduleWindow({
    scheduledAt: at,
    timeZone: row.timezone,
    lookbackDays: row.lookback_days,
    lagDays: row.lag_days,
  });
  const skipped = status === 'SKIPPED';
  return {
    scheduledAt: iso(at),
    executionId: null,
    status,
    timeWindowStart: iso(w.start),
    timeWindowEnd: iso(w.end),
    ...(skipped && { skipped: true as const }),
    reason,
    ...(detail && { detail }),
  };
}

const pausedAt = (pauses: SchedulePauseRow[], t: number) =>
  pauses.find((p) => p.paused_at.getTime() <= t && (!p.resumed_at || t < p.resumed_at.getTime()));

const runningAt = (executions: ExecutionRow[], t: number) =>
  executions.find((e) => e.created_at.getTime() <= t && (!e.completed_at || e.completed_at.getTime() > t));

export async function listScheduleRuns(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>,
  row: ScheduleRow,
  limit: number,
) {
  const now = Date.now();
  const executions = await deps.repos.executions.listForSchedule(row.id, limit);
  let since = Math.max(row.created_at.getTime(), row.spec_updated_at.getTime(), now - LOOKBACK_MS);
  const oldest = executions[executions.length - 1]?.scheduled_at;
  if (executions.length === limit && oldest) since = Math.max(since, oldest.getTime());
  const graceUntil = now - deps.settings.scheduleRunGraceSeconds * 1000;

  const [skips, pauses, matched] = await Promise.all([
    deps.repos.schedules.skips(row.id, new Date(since)),
    deps.repos.schedules.pauses(row.id),
    since < now ? matchingTimes(deps, row, new Date(since), new Date(now)) : Promise.resolve([]),
  ]);

  const runs: ScheduleRun[] = executions.map((e) => ({
    scheduledAt: iso(e.scheduled_at ?? e.created_at),
    executionId: e.id,
    status: e.status,
    timeWindowStart: iso(e.time_window_start),
    timeWindowEnd: iso(e.time_window_end),
  }));
  const taken = new Set(runs.map((r) => r.scheduledAt));
  for (const s of skips) {
    if (taken.has(iso(s.scheduled_at))) continue;
    runs.push(missedRun(row, s.scheduled_at, 'SKIPPED', s.reason, s.detail));
    taken.add(iso(s.scheduled_at));
  }
  const buffered = new Set<string>(); // running executions whose one buffered fire was already assigned
  for (const at of matched) {
    if (taken.has(iso(at))) continue;
    const t = at.getTime();
    const settled = t <= graceUntil;
    const pause = pausedAt(pauses, t);
    // allow_all starts every fire: a recent one without its execution yet is still starting, not skipped.
    const running = pause || (!settled && row.overlap === 'allow_all') ? undefined : runningAt(executions, t);
    if (pause) runs.push(missedRun(row, at, 'SKIPPED', 'PAUSED', pause.note));
    else if (running && row.overlap === 'buffer_one' && !running.completed_at && !buffered.has(running.id)) {
      buffered.add(running.id);
      runs.push(missedRun(row, at, 'BUFFERED', 'OVERLAP', `waits for execution ${running.id} to finish`));
    } else if (running)
      runs.push(missedRun(row, at, 'SKIPPED', 'OVERLAP', `execution ${running.id} was still running`));
    else if (!settled)
      continue; // its run may still be starting
    else
      runs.push(
        missedRun(
          row,
          at,
          'SKIPPED',
          'NOT_STARTED',
          'no run started for this time (outage past the catch-up window, or the run failed before it was recorded)',
        ),
      );
  }
  runs.sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));
  return runs.slice(0, limit);
}
