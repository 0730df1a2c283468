/** Simulator knobs, their defaults, and the zod schema of `POST /__sim/config`. */
import { z } from 'zod';

export interface SimulatorOptions {
  /**
   * Seconds an execution stays RUNNING (its query's SQL may say otherwise: `-- sim:executionSeconds=900`, see
   * execution-engine.ts `plannedRunSeconds`).
   */
  executionSeconds: number;
  /** Each run's time is drawn uniformly within ± this share of its executionSeconds (0 = exact; 0.3 = ±30 %). */
  executionSpread: number;
  /** Seconds an execution stays PENDING before it may start (it also waits while the instance is full). */
  pendingSeconds: number;
  accessTokenTtlSeconds: number;
  /** Concurrent RUNNING executions per instance; extras stay PENDING (reference §11: queued, [inferred]). */
  concurrencyLimit: number;
  clientId: string;
  clientSecret: string;
  downloadUrlTtlSeconds: number;
  authCodeTtlSeconds: number;
  /** 'synthetic' results: fixed row count (undefined = 5–20 from a hash of the SQL). 'sandbox': at most this many rows. */
  resultRows?: number;
  /** Base URL written into download URLs; default: the address `listen()` bound, else the request's Host. */
  publicBaseUrl?: string;
  /** Status for an instance id nobody owns (reference §13.2 allows 403 or 404). */
  unknownInstanceStatus: 403 | 404;
  /** Time windows with a trailing `Z` (disputed, §6.3): treat as UTC, or reject with 400. */
  trailingZ: 'accept-as-utc' | 'reject';
  /** Serve result files gzip-compressed (real AMC output sometimes is; the client sniffs 1f 8b). */
  gzipResults: boolean;
  /**
   * 'sandbox' (default): run the SQL over synthetic AMC tables (sandbox/); `resultRows` then caps the rows.
   * 'synthetic': the old hash-seeded fake rows shaped only by the output columns; `resultRows` is the exact count.
   */
  resultSource: 'sandbox' | 'synthetic';
  /** Seed of the synthetic data; the same seed gives the same rows for every day. */
  sandboxSeed: number;
  /** Data volume multiplier (1 ≈ 40 000 users, 15 000 DSP and 12 000 sponsored-ads impressions a day). */
  sandboxScale: number;
  /** Most source days one table may need for one run (longer windows FAIL with a message saying so). */
  sandboxMaxDays: number;
  /** Distinct users a row with user-level metrics needs (AMC: 100); 0 turns thresholds off. */
  aggregationThreshold: number;
  /** Delay before a result file's first byte (a slow S3 download; crash tests kill workers mid-download). */
  downloadDelayMs: number;
  /** Result files are sent at most this fast (bytes per second, per file; 0 = as fast as possible). */
  downloadBytesPerSecond: number;
  /** A synthetic result of more rows than this is split over several files, like AMC's large results. */
  resultFileRows: number;
}

export const DEFAULT_OPTIONS: SimulatorOptions = {
  executionSeconds: 8,
  executionSpread: 0,
  pendingSeconds: 1,
  accessTokenTtlSeconds: 3600,
  concurrencyLimit: 10,
  clientId: 'amzn1.application-oa2-client.recomampdemo0000000000',
  clientSecret: 'recomamp-demo-client-secret',
  downloadUrlTtlSeconds: 600,
  authCodeTtlSeconds: 300,
  resultRows: undefined,
  publicBaseUrl: undefined,
  unknownInstanceStatus: 403,
  trailingZ: 'accept-as-utc',
  gzipResults: false,
  resultSource: 'sandbox',
  sandboxSeed: 42,
  sandboxScale: 1,
  sandboxMaxDays: 120,
  aggregationThreshold: 100,
  downloadDelayMs: 0,
  downloadBytesPerSecond: 0,
  resultFileRows: 1_000_000,
};

export function resolveOptions(partial: Partial<SimulatorOptions> = {}): SimulatorOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_OPTIONS, ...defined };
}

/** Run-time knobs settable over HTTP. `resultRows: null` goes back to hash-derived row counts. */
export const runtimeConfigSchema = z
  .object({
    executionSeconds: z.number().min(0).max(86_400),
    executionSpread: z.number().min(0).max(1),
    pendingSeconds: z.number().min(0).max(86_400),
    accessTokenTtlSeconds: z.number().int().positive(),
    concurrencyLimit: z.number().int().min(1).max(10_000),
    resultRows: z.number().int().min(0).max(5_000_000).nullable(),
    downloadUrlTtlSeconds: z.number().int().positive(),
    authCodeTtlSeconds: z.number().int().positive(),
    unknownInstanceStatus: z.union([z.literal(403), z.literal(404)]),
    trailingZ: z.enum(['accept-as-utc', 'reject']),
    gzipResults: z.boolean(),
    resultSource: z.enum(['sandbox', 'synthetic']),
    sandboxSeed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
    sandboxScale: z.number().min(0.05).max(20),
    sandboxMaxDays: z.number().int().min(1).max(800),
    aggregationThreshold: z.number().int().min(0).max(100_000),
    downloadDelayMs: z.number().int().min(0).max(600_000),
    downloadBytesPerSecond: z.number().int().min(0).max(10_000_000_000),
    resultFileRows: z.number().int().min(1).max(5_000_000),
  })
  .partial()
  .strict();

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** Applies a validated runtime patch to the live options object (mutated in place so every module sees it). */
export function applyRuntimeConfig(options: SimulatorOptions, patch: RuntimeConfig): void {
  const { resultRows, ...rest } = patch;
  Object.assign(options, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
  if (resultRows !== undefined) options.resultRows = resultRows ?? undefined;
}
