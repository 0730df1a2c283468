/**
 * Polling that knows the query (issue #18). AMC runs of one saved query take similar times, so the worker keeps
 * the last DURATION_SAMPLES_KEPT run times per saved query (and per AMC instance, the fallback for a query with no
 * history: db/amc-run-durations.ts) and polls around what they predict:
 *
 * - sparse while the run is far from its expected end, closer as the band nears: walking back from the band's
 *   start, the gaps double from the dense interval up to SPARSE_STEP of the expected duration (a run faster than
 *   its history is seen within about half its distance to the band, and within a quarter of its usual time);
 * - dense across the band the query's runs end in (its fastest to slowest recent run, widened by BAND_MARGIN):
 *   one check every DENSE_FRACTION of the expected duration, at least pollInitialSeconds apart and at most
 *   pollMaxSeconds / 2 (30 s by default, so a run that ends in its band is seen within half a minute);
 * - after the band, the usual back-off (1.3x up to pollMaxSeconds) from the dense interval.
 *
 * With the instance's history only (another query's times), nothing is known of this query's spread: the plan
 * waits sparsely until the instance's fastest recent run, then backs off as a first run does. With no history at
 * all there is no plan: the first run of a query polls as before (amcPollOptions).
 *
 * Pure and deterministic: the workflow (workflows/amc-execution.ts) plans with it from the estimate the submit
 * activity returned. It sleeps on durable timers between the sparse checks; the dense ones are the retries of one
 * activity a dense interval apart (scheduled inside Temporal: no history events and no workflow task per check).
 * Each execution's checks are shifted by its own phase (planPhaseOf), so runs submitted together do not check AMC
 * in the same instant.
 */

/** Run times kept per saved query and per instance, most recent first. */
export const DURATION_SAMPLES_KEPT = 20;
/** The widest gap between checks before the band, as a share of the expected duration. */
export const SPARSE_STEP = 0.25;
/** Dense checks inside the band, every this share of the expected duration (clamped, see above). */
export const DENSE_FRACTION = 0.05;
/** The band reaches this share of the expected duration beyond the fastest and the slowest recent run. */
export const BAND_MARGIN = 0.05;
/** ...and at least this share either side of the expected duration. */
const MIN_HALF_BAND = 0.1;
/** With fewer samples than this, the spread is unknown: the band is ± FEW_SAMPLES_HALF_BAND. */
const FEW_SAMPLES = 3;
const FEW_SAMPLES_HALF_BAND = 0.4;

export interface RunDurationEstimate {
  /** Whose history: the saved query's own runs, or (fallback) its AMC instance's. */
  basis: 'savedQuery' | 'instance';
  samples: number;
  /** Median of the recent runs: the run's expected completion is its submission plus this. */
  expectedSeconds: number;
  /** The band where the runs end: dense checks from earliest to latest (equal for the instance fallback). */
  earliestSeconds: number;
  latestSeconds: number;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const usable = (seconds: number[]) =>
  seconds
    .slice(0, DURATION_SAMPLES_KEPT)
    .filter((s) => Number.isFinite(s) && s > 0)
    .sort((a, b) => a - b);

/** The estimate for a run from past run times (seconds, most recent first); undefined without any history. */
export function estimateRunDuration(history: {
  savedQuery: number[];
  instance: number[];
}): RunDurationEstimate | undefined {
  const own = usable(history.savedQuery);
  if (own.length > 0) {
    const expected = median(own);
    const spreadKnown = own.length >= FEW_SAMPLES;
    const earliest = spreadKnown ? own[0]! - BAND_MARGIN * expected : expected * (1 - FEW_SAMPLES_HALF_BAND);
    const latest = spreadKnown ? own[own.length - 1]! + BAND_MARGIN * expected : expected * (1 + FEW_SAMPLES_HALF_BAND);
    return {
      basis: 'savedQuery',
      samples: own.length,
      expectedSeconds: expected,
      earliestSeconds: Math.max(0, Math.min(earliest, expected * (1 - MIN_HALF_BAND))),
      latestSeconds: Math.max(latest, expected * (1 + MIN_HALF_BAND)),
    };
  }
  const instance = usable(history.instance);
  if (instance.length === 0) return undefined;
  const earliest = Math.max(0, instance[0]! * (1 - BAND_MARGIN));
  return {
    basis: 'instance',
    samples: instance.length,
    expectedSeconds: median(instance),
    earliestSeconds: earliest,
    latestSeconds: earliest,
  };
}

export interface PollPlan {
  expectedAtMs: number;
  /** Checks before the band, ascending. */
  sparseAtMs: number[];
  denseFromMs: number;
  denseUntilMs: number;
  denseIntervalMs: number;
  /** First interval of the back-off after the band. */
  backOffInitialSeconds: number;
}

/**
 * Where in the dense interval an execution's checks fall, in [0, 1), from its id: runs of one query submitted
 * together would otherwise check AMC at the same instants (a burst of calls, and of worker and Temporal work,
 * once per interval) instead of spread across it.
 */
export function planPhaseOf(executionId: string): number {
  let hash = 2166136261; // FNV-1a, 32 bits
  for (let i = 0; i < executionId.length; i++) hash = Math.imul(hash ^ executionId.charCodeAt(i), 16777619);
  return (hash >>> 0) / 2 ** 32;
}

export function planPolls(
  submittedAtMs: number,
  estimate: RunDurationEstimate,
  settings: { pollInitialSeconds: number; pollMaxSeconds: number },
  /** planPhaseOf the execution: the band's checks start this share of the dense interval early. */
  phase = 0,
): PollPlan {
  const expectedMs = estimate.expectedSeconds * 1000;
  const denseMaxSeconds = Math.max(settings.pollInitialSeconds, settings.pollMaxSeconds / 2);
  const intervalSeconds = Math.min(
    denseMaxSeconds,
    Math.max(settings.pollInitialSeconds, estimate.expectedSeconds * DENSE_FRACTION),
  );
  const denseIntervalMs = intervalSeconds * 1000;
  const denseFromMs = Math.max(
    submittedAtMs,
    submittedAtMs + estimate.earliestSeconds * 1000 - phase * denseIntervalMs,
  );
  const sparseAtMs: number[] = [];
  const widestGapMs = Math.max(denseIntervalMs, SPARSE_STEP * expectedMs);
  for (let gap = denseIntervalMs, at = denseFromMs - gap; at > submittedAtMs; at -= gap) {
    sparseAtMs.unshift(Math.round(at));
    gap = Math.min(gap * 2, widestGapMs);
  }
  return {
    expectedAtMs: Math.round(submittedAtMs + expectedMs),
    sparseAtMs,
    denseFromMs: Math.round(denseFromMs),
    denseUntilMs: Math.round(submittedAtMs + estimate.latestSeconds * 1000),
    denseIntervalMs,
    backOffInitialSeconds: estimate.basis === 'savedQuery' ? intervalSeconds : settings.pollInitialSeconds,
  };
}

/** When to check next after `nowMs`, or undefined once the plan is spent (then back off). */
export function nextCheckAt(plan: PollPlan, nowMs: number): number | undefined {
  const sparse = plan.sparseAtMs.find((at) => at > nowMs);
  if (sparse !== undefined) return sparse;
  if (nowMs < plan.denseFromMs) return plan.denseFromMs;
  const k = Math.floor((nowMs - plan.denseFromMs) / plan.denseIntervalMs) + 1;
  const at = plan.denseFromMs + k * plan.denseIntervalMs;
  return at <= plan.denseUntilMs ? at : undefined;
}

/**
 * How many dense checks are left at `nowMs` (the band's grid points from now on, the first at once): the workflow
 * makes them as retries of one activity, one dense interval apart.
 */
export function denseChecksLeft(plan: PollPlan, nowMs: number): number {
  if (nowMs > plan.denseUntilMs) return 0;
  return Math.floor((plan.denseUntilMs - Math.max(nowMs, plan.denseFromMs)) / plan.denseIntervalMs) + 1;
}
