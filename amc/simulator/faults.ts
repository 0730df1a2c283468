/**
 * Fault injection for /amc/* calls (not /__sim/*, not LWA): random error statuses, latency, outages,
 * token revocation and runs that FAIL after RUNNING. Set with POST /__sim/faults, cleared with DELETE.
 */
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { delay, sendAmcError } from './responses';

export const faultsSchema = z
  .object({
    /** Probability per AMC call of answering with that status, e.g. {"429": 0.2, "503": 0.1}. */
    rates: z.record(z.string().regex(/^[45]\d\d$/, 'status must be 4xx or 5xx'), z.number().min(0).max(1)),
    retryAfterSeconds: z.number().int().min(0),
    latencyMs: z.number().int().min(0).max(120_000),
    outageSeconds: z.number().min(0),
    revokeTokens: z.boolean(),
    failAfterRunning: z.number().min(0).max(1),
    /** Runs whose time window starts at one of these UTC instants (yyyy-MM-ddTHH:mm:ss) always FAIL after running. */
    failWindowStarts: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)),
    /**
     * Lost responses: the next n create-execution calls are accepted (the execution exists and runs) but the
     * connection is cut before the answer is sent, as when a gateway or the network drops it.
     */
    dropCreateResponses: z.number().int().min(0).max(1000),
  })
  .partial()
  .strict()
  .refine((f) => Object.values(f.rates ?? {}).reduce((a, b) => a + b, 0) <= 1, {
    message: 'rates must sum to at most 1',
  });

export type Faults = z.infer<typeof faultsSchema>;

const REASONS: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function createFaults(random: () => number = Math.random) {
  let current: Faults = {};
  let outageUntilMs = 0;
  let dropCreates = 0;

  return {
    get current(): Faults & { outageUntil?: string } {
      return outageUntilMs > Date.now() ? { ...current, outageUntil: new Date(outageUntilMs).toISOString() } : current;
    },
    set(faults: Faults): void {
      current = faults;
      outageUntilMs = faults.outageSeconds ? Date.now() + faults.outageSeconds * 1000 : 0;
      dropCreates = faults.dropCreateResponses ?? 0;
    },
    clear(): void {
      current = {};
      outageUntilMs = 0;
      dropCreates = 0;
    },
    /** Create-execution responses still to be dropped. */
    get pendingDrops(): number {
      return dropCreates;
    },
    /** Draw for one finishing run (its window's start, UTC ms, when known): should it go FAILED? */
    shouldFailRun(windowStartMs?: number): boolean {
      const start = windowStartMs === undefined ? undefined : new Date(windowStartMs).toISOString().slice(0, 19);
      if (start && current.failWindowStarts?.includes(start)) return true;
      return (current.failAfterRunning ?? 0) > 0 && random() < (current.failAfterRunning ?? 0);
    },

    async middleware(req: Request, res: Response, next: NextFunction): Promise<void> {
      if (current.latencyMs) await delay(current.latencyMs);
      const retryAfter = String(current.retryAfterSeconds ?? 1);
      if (outageUntilMs > Date.now()) {
        const left = Math.ceil((outageUntilMs - Date.now()) / 1000);
        return sendAmcError(req, res, 503, REASONS[503]!, { 'Retry-After': String(left) });
      }
      const draw = random();
      let cumulative = 0;
      for (const [status, rate] of Object.entries(current.rates ?? {})) {
        cumulative += rate;
        if (rate > 0 && draw < cumulative) {
          const code = Number(status);
          const headers: Record<string, string> = code === 429 || code === 503 ? { 'Retry-After': retryAfter } : {};
          return sendAmcError(req, res, code, REASONS[code] ?? `Injected fault ${code}`, headers);
        }
      }
      if (dropCreates > 0 && req.method === 'POST' && /\/workflowExecutions\/?$/.test(req.path))
        dropResponse(req, res, () => dropCreates--);
      next();
    },
  };
}

/** Lets the route run (AMC commits the work) but cuts the connection instead of sending a success answer. */
function dropResponse(req: Request, res: Response, onDropped: () => void): void {
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  res.end = ((...args: unknown[]) => {
    if (res.statusCode >= 400) return end(...args); // refused requests are answered as usual
    onDropped();
    req.socket.destroy();
    return res;
  }) as Response['end'];
}

export type FaultInjector = ReturnType<typeof createFaults>;
