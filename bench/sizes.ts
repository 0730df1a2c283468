/**
 * How big each scenario runs: the full bench (the figures beside the goals) and `--quick`, a smoke run of every
 * scenario that finishes in under five minutes on two cores. One place for both, so a scenario's size is never
 * decided twice. Quick figures show that each path works and roughly how it compares; the goals are judged on the
 * full run (quick polling, at 1/600 of real time, puts its dense checks below Temporal's ~1 s retry granularity,
 * and its lags, scaled back up, inflate accordingly).
 */
export interface BenchSizes {
  /** pinnedRounds: API and raw rounds again with Temporal on its own cores (bench/scenarios/start-overhead.ts). */
  start: { perRound: number; rounds: number; pinnedRounds: number };
  /** Executions in flight at once, each size on a fresh worker process, and how long each AMC run takes. */
  inflight: { executions: number; executionSeconds: number }[];
  polling: { scale: number; historyRuns: number; measuredRuns: number };
  backfill: { weeks: number; limit: number; executionSeconds: number };
  quota: { collections: number; weeksEach: number; limit: number; executionSeconds: number; maxSeconds: number };
  ingest: { bigRows: number };
  reads: { rows: number[]; requests: number };
  /** sandboxQueries: how many of the corpus's queries the sandbox runs (each ~0.2 s, twice); undefined: all. */
  preflight: { rounds: number; sandboxQueries?: number };
}

export const FULL_SIZES: BenchSizes = {
  start: { perRound: 1000, rounds: 3, pinnedRounds: 2 },
  inflight: [
    { executions: 1000, executionSeconds: 120 },
    { executions: 5000, executionSeconds: 300 },
  ],
  // 1/30 of real time (2 h runs take 4 min), 20 runs of history per query, 40 measured.
  polling: { scale: 1 / 30, historyRuns: 20, measuredRuns: 40 },
  backfill: { weeks: 52, limit: 10, executionSeconds: 60 },
  // 500 weeks in flight at once (10 collections × 50), `limit` at AMC: the rest wait at the quota gate.
  quota: { collections: 10, weeksEach: 50, limit: 25, executionSeconds: 10, maxSeconds: 900 },
  ingest: { bigRows: 1_000_000 },
  reads: { rows: [100_000, 1_000_000], requests: 5000 },
  preflight: { rounds: 10 },
};

export const QUICK_SIZES: BenchSizes = {
  start: { perRound: 100, rounds: 2, pinnedRounds: 1 },
  inflight: [
    { executions: 100, executionSeconds: 8 },
    { executions: 200, executionSeconds: 8 },
  ],
  polling: { scale: 1 / 600, historyRuns: 4, measuredRuns: 4 },
  // Two rounds of the limit (the full run's 52 weeks take six); the ideal is still ceil(weeks / limit) × T.
  backfill: { weeks: 20, limit: 10, executionSeconds: 8 },
  quota: { collections: 4, weeksEach: 15, limit: 20, executionSeconds: 3, maxSeconds: 120 },
  ingest: { bigRows: 1_000_000 },
  reads: { rows: [100_000], requests: 600 },
  preflight: { rounds: 3, sandboxQueries: 8 },
};
