/**
 * The execution status vocabulary and its terminal set: the only place they are spelled. An execution moves
 * PENDING → RUNNING → one terminal status, and never leaves a terminal status (db/executions.ts transition).
 * AMC's own statuses (amc/client AmcExecutionStatus) are mapped onto these in activities/amc-executions.ts.
 */
export const EXECUTION_STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const isTerminalExecutionStatus = (status: string): boolean =>
  (TERMINAL_EXECUTION_STATUSES as readonly string[]).includes(status);

/** How far along a status is (PENDING 0, RUNNING 1, terminal 2): statuses only move forward. Unknown is 0. */
export function executionStatusRank(status: string): number {
  if (isTerminalExecutionStatus(status)) return 2;
  return status === 'RUNNING' ? 1 : 0;
}
