/**
 * Where a request's time goes: named stages timed as they run, reported as an HTTP `Server-Timing` header
 * (`lookup;dur=1.2, record;dur=3.4`). The API's execute route reports its stages; the bench (npm run bench,
 * scenario start) adds them up per stage. A service takes a StageTimer and times its own steps with it.
 */
export interface StageTimer {
  time<T>(stage: string, work: () => Promise<T>): Promise<T>;
}

/** For callers that measure nothing (activities, scheduled runs). */
export const UNTIMED: StageTimer = { time: (_stage, work) => work() };

export interface RecordingStageTimer extends StageTimer {
  /** Records a stage measured elsewhere (e.g. the middleware before the handler). */
  add(stage: string, ms: number): void;
  /** The `Server-Timing` header value: each stage in the order it ended, durations in ms. */
  header(): string;
}

export function createStageTimer(now: () => number = () => performance.now()): RecordingStageTimer {
  const stages: [string, number][] = [];
  const add = (stage: string, ms: number) => void stages.push([stage, ms]);
  return {
    add,
    async time(stage, work) {
      const started = now();
      try {
        return await work();
      } finally {
        add(stage, now() - started);
      }
    },
    header: () => stages.map(([stage, ms]) => `${stage};dur=${ms.toFixed(1)}`).join(', '),
  };
}

/** Parses a `Server-Timing` header back into stage → ms (the bench's side). */
export function parseServerTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /^\s*([\w-]+)\s*;\s*dur=([\d.]+)/.exec(part);
    if (m) out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  return out;
}
