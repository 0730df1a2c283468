/** What is wrong with a saved query's parameters: a stable code, the parameter's name and where in the SQL. */

/**
 * Every code a parameter problem carries (a 400 at the API; permanent for a collection week). UNSYNCABLE_PARAMETER
 * comes only from a sync to AMC (lib/amc-saved-workflow.ts).
 */
export const PARAMETER_ERROR_CODES = [
  'UNDECLARED_PARAMETER',
  'UNUSED_PARAMETER',
  'MISSING_PARAMETER',
  'INVALID_PARAMETER',
  'MISPLACED_PARAMETER',
  'CONFLICTING_PARAMETER',
  'UNSYNCABLE_PARAMETER',
] as const;
export type ParameterErrorCode = (typeof PARAMETER_ERROR_CODES)[number];

export class ParameterError extends Error {
  constructor(
    readonly code: ParameterErrorCode,
    readonly parameter: string,
    message: string,
    /** Offset in the SQL text of the use the problem is about, when there is one. */
    readonly offset?: number,
  ) {
    super(message);
  }
}
