import {
  DURATION_SAMPLES_KEPT,
  denseChecksLeft,
  estimateRunDuration,
  nextCheckAt,
  planPhaseOf,
  planPolls,
  type PollPlan,
} from '../../lib/poll-plan';
import { randomUUID } from 'node:crypto';
import { plannedRunSeconds } from '../../amc/simulator/execution-engine';

const MIN = 60;
const PRODUCTION = { pollInitialSeconds: 5, pollMaxSeconds: 60 };

/** Every check a plan makes for a run that never ends within it, from submission. */
function checks(plan: PollPlan, fromMs = 0): number[] {
  const out: number[] = [];
  for (let at = nextCheckAt(plan, fromMs); at !== undefined; at = nextCheckAt(plan, at)) out.push(at);
  return out;
}

describe('run duration estimates', () => {
  test('with no history at all there is no estimate (the first run polls as before)', () => {
    expect(estimateRunDuration({ savedQuery: [], instance: [] })).toBeUndefined();
  });

  test("a query's own runs give the median and a band from the fastest to the slowest, widened", () => {
    const estimate = estimateRunDuration({ savedQuery: [50, 60, 70, 55, 65].map((m) => m * MIN), instance: [1] });
    expect(estimate).toEqual({
      basis: 'savedQuery',
      samples: 5,
      expectedSeconds: 60 * MIN,
      earliestSeconds: 47 * MIN, // 50 min less 5 % of 60
      latestSeconds: 73 * MIN,
    });
  });

  test('with one or two runs the spread is unknown: the band is ±40 % of them', () => {
    const estimate = estimateRunDuration({ savedQuery: [30 * MIN], instance: [] })!;
    expect(estimate.earliestSeconds).toBeCloseTo(18 * MIN);
    expect(estimate.latestSeconds).toBeCloseTo(42 * MIN);
  });

  test('identical runs still get a band of ±10 %', () => {
    const estimate = estimateRunDuration({ savedQuery: [600, 600, 600, 600], instance: [] })!;
    expect([estimate.earliestSeconds, estimate.latestSeconds]).toEqual([540, 660]);
  });

  test('only the most recent runs count, and nonsense samples are ignored', () => {
    const recent = Array.from({ length: DURATION_SAMPLES_KEPT }, () => 100);
    const estimate = estimateRunDuration({ savedQuery: [...recent, 10_000, 10_000], instance: [] })!;
    expect(estimate.expectedSeconds).toBe(100);
    expect(estimateRunDuration({ savedQuery: [0, -5, NaN], instance: [] })).toBeUndefined();
  });

  test("a query without runs falls back to its instance's: no band, only where its runs start to end", () => {
    const estimate = estimateRunDuration({ savedQuery: [], instance: [20 * MIN, 90 * MIN, 40 * MIN] })!;
    expect(estimate).toMatchObject({ basis: 'instance', expectedSeconds: 40 * MIN, earliestSeconds: 19 * MIN });
    expect(estimate.latestSeconds).toBe(estimate.earliestSeconds);
  });
});

describe('poll plans', () => {
  const hourly = estimateRunDuration({ savedQuery: [42, 60, 78].map((m) => m * MIN), instance: [] })!;

  test('sparse far from the expected end, dense across the band, then the back-off', () => {
    const plan = planPolls(0, hourly, PRODUCTION);
    const at = checks(plan);
    const band = [plan.denseFromMs, plan.denseUntilMs];
    expect(band).toEqual([39 * MIN * 1000, 81 * MIN * 1000]);
    // Sparse far from the band (at most a quarter of the expected hour apart), closer as it nears (gaps halving).
    expect(at.filter((t) => t < band[0]!).map((t) => t / 1000 / MIN)).toEqual([8.5, 23.5, 31.5, 35.5, 37.5, 38.5]);
    // Dense: every 30 s (5 % of an hour is 3 min, capped at half of pollMaxSeconds).
    const dense = at.filter((t) => t >= band[0]!);
    expect(new Set(dense.slice(1).map((t, i) => t - dense[i]!))).toEqual(new Set([30_000]));
    expect(dense[dense.length - 1]).toBeLessThanOrEqual(band[1]!);
    expect(plan.backOffInitialSeconds).toBe(30);
    expect(plan.expectedAtMs).toBe(60 * MIN * 1000);
  });

  test('a run that ends anywhere in its band is seen within the dense interval, at under ¼ of a 15 s poller in all', () => {
    const plan = planPolls(0, hourly, PRODUCTION);
    const at = checks(plan);
    let calls = 0;
    let fixedCalls = 0;
    for (let endMin = 42; endMin <= 78; endMin += 0.5) {
      const endMs = endMin * MIN * 1000;
      const seen = at.find((t) => t >= endMs)!;
      expect(seen - endMs).toBeLessThanOrEqual(30_000);
      calls += at.filter((t) => t <= seen).length;
      fixedCalls += Math.ceil((endMin * MIN) / 15);
    }
    expect(calls / fixedCalls).toBeLessThan(0.25);
  });

  test('short runs are checked at least pollInitialSeconds apart, and a late check skips the grid points it missed', () => {
    const plan = planPolls(1_000, estimateRunDuration({ savedQuery: [60, 60, 60], instance: [] })!, PRODUCTION);
    expect(plan.denseIntervalMs).toBe(5_000);
    expect(nextCheckAt(plan, plan.denseFromMs + 7_000)).toBe(plan.denseFromMs + 10_000);
    expect(nextCheckAt(plan, plan.denseUntilMs)).toBeUndefined();
  });

  test("the instance fallback waits sparsely until the instance's fastest runs, then backs off as a first run", () => {
    const estimate = estimateRunDuration({ savedQuery: [], instance: [20 * MIN, 90 * MIN, 40 * MIN] })!;
    const plan = planPolls(0, estimate, PRODUCTION);
    expect(checks(plan).map((t) => t / 1000 / MIN)).toEqual([3.5, 11.5, 15.5, 17.5, 18.5, 19]);
    expect(plan.backOffInitialSeconds).toBe(PRODUCTION.pollInitialSeconds);
  });

  test('the dense checks are counted from now: all of the band before it, what is left inside it, none after', () => {
    const plan = planPolls(0, hourly, PRODUCTION); // band 39–81 min, every 30 s
    expect(denseChecksLeft(plan, 0)).toBe(85);
    expect(denseChecksLeft(plan, plan.denseFromMs + 60_000)).toBe(83);
    expect(denseChecksLeft(plan, plan.denseUntilMs)).toBe(1);
    expect(denseChecksLeft(plan, plan.denseUntilMs + 1)).toBe(0);
  });

  test('runs submitted together check at their own phase: spread across the dense interval, band still covered', () => {
    const phases = Array.from({ length: 400 }, () => planPhaseOf(randomUUID()));
    expect(Math.min(...phases)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...phases)).toBeLessThan(1);
    // Every tenth of the interval gets some runs (400 runs: a tenth left empty would be a broken hash).
    expect(new Set(phases.map((p) => Math.floor(p * 10))).size).toBe(10);
    expect(planPhaseOf('a fixed id')).toBe(planPhaseOf('a fixed id'));
    const plain = planPolls(0, hourly, PRODUCTION);
    const shifted = planPolls(0, hourly, PRODUCTION, 0.5);
    expect(shifted.denseFromMs).toBe(plain.denseFromMs - 15_000);
    expect(shifted.denseUntilMs).toBe(plain.denseUntilMs);
    const dense = checks(shifted).filter((t) => t >= shifted.denseFromMs);
    expect(dense[dense.length - 1]).toBeGreaterThan(shifted.denseUntilMs - shifted.denseIntervalMs);
    expect(dense.length).toBe(denseChecksLeft(shifted, 0));
  });

  test('time scales: the plan of a run 30x shorter with 30x shorter poll settings is the same plan, 30x shorter', () => {
    const scaled = estimateRunDuration({ savedQuery: [42, 60, 78].map((m) => (m * MIN) / 30), instance: [] })!;
    const plan = planPolls(0, scaled, { pollInitialSeconds: 5 / 30, pollMaxSeconds: 2 });
    expect(checks(plan).map((t) => Math.round(t * 30))).toEqual(checks(planPolls(0, hourly, PRODUCTION)));
  });
});

describe("the simulator's run times", () => {
  test("a query's SQL hint sets its run time and spread; otherwise the knobs do", () => {
    const knobs = { executionSeconds: 8, executionSpread: 0 };
    expect(plannedRunSeconds('SELECT 1', knobs)).toBe(8);
    expect(plannedRunSeconds('-- sim:executionSeconds=900\nSELECT 1', knobs)).toBe(900);
    const spread = '-- sim:executionSeconds=900 sim:spread=0.3\nSELECT 1';
    expect(plannedRunSeconds(spread, knobs, () => 0)).toBeCloseTo(630);
    expect(plannedRunSeconds(spread, knobs, () => 0.9999999)).toBeCloseTo(1170);
    expect(plannedRunSeconds('SELECT 1', { executionSeconds: 100, executionSpread: 0.5 }, () => 0.5)).toBe(100);
  });
});
