/**
 * The offline sandbox as the execution engine uses it: run an execution's SQL over synthetic AMC data, apply
 * aggregation thresholds (not to audience queries, whose rows are users), cap rows (`resultRows`).
 */
import type { AmcOutputColumn } from '../../client/types';
import type { SimulatorOptions } from '../options';
import type { SimExecution } from '../state';
import { applyPrivacy } from './privacy';
import { runSandboxQuery, SandboxQueryError, SandboxUnsupported } from './run-query';

export { SandboxQueryError, SandboxUnsupported };

export interface SandboxRows {
  columns: AmcOutputColumn[];
  rows: (string | null)[][];
}

/** Runs a RUNNING execution's query; throws SandboxUnsupported / SandboxQueryError with user-facing messages. */
export async function runExecutionInSandbox(e: SimExecution, options: SimulatorOptions): Promise<SandboxRows> {
  const { startMs, endMs } = e.window;
  if (startMs === undefined || endMs === undefined)
    throw new SandboxQueryError('the execution has no resolved time window');
  const threshold = options.aggregationThreshold;
  const result = await runSandboxQuery({
    sqlQuery: e.sqlQuery,
    inputParameters: e.inputParameters,
    params: e.effectiveParameters,
    window: { startMs, endMs },
    data: { seed: options.sandboxSeed, scale: options.sandboxScale },
    maxDays: options.sandboxMaxDays,
    userCap: Math.max(100, threshold),
  });
  const privacyNames = Object.values(e.privacyColumns).filter(Boolean);
  const compiled = e.outputColumns.filter((c) => !privacyNames.includes(c.name));
  const final = applyPrivacy(result, compiled, {
    threshold,
    enabled: threshold > 0 && !e.disableAggregationControls && !result.audience,
    names: e.privacyColumns,
    mergeFiltered: e.privacyColumns.discriminator !== undefined || e.privacyFilteringBehavior === 'REMOVE_VALUES',
  });
  const cap = options.resultRows;
  return cap === undefined ? final : { columns: final.columns, rows: final.rows.slice(0, cap) };
}

/** Prefix of the statusReason of a run the sandbox cannot imitate (../shared/API.md: simulator extras). */
export const SANDBOX_UNSUPPORTED = 'SANDBOX_UNSUPPORTED';

/** statusReason of a run the sandbox could not complete. */
export function sandboxFailureReason(err: unknown): string {
  if (err instanceof SandboxUnsupported)
    return `${SANDBOX_UNSUPPORTED}: ${err.message}. This is a limit of the simulator's offline sandbox, not an error in your SQL.`;
  if (err instanceof SandboxQueryError) return `Query failed in the offline sandbox: ${err.message}`;
  return `Offline sandbox internal error: ${err instanceof Error ? err.message : String(err)}`;
}
