/**
 * One pino JSON logger per process (config LOG_LEVEL). Request logs carry `requestId` (api/request-context.ts);
 * worker logs carry the Temporal SDK's metadata (`workflowId`, `activityType`, …) through `temporalLogger`.
 */
import pino, { type Logger } from 'pino';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

export type { Logger };

export function createLogger(opts: { level: string; name: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    { level: opts.level, name: opts.name, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    opts.destination,
  );
}

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The Temporal Runtime's logger, writing through pino (activity and workflow logs keep their metadata). */
export function temporalLogger(log: Logger, level: keyof typeof LEVELS = 'INFO'): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const { sdkComponent, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
    log[LEVELS[entry.level]]({ ...meta, ...(sdkComponent !== undefined && { sdkComponent }) }, entry.message);
  });
}
