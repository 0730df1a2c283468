/**
 * A row a workflow works on was deleted under it (its saved query, instance or collection deleted). No retry can
 * bring it back: activities let it propagate, and Temporal names the failure by this class's name, which
 * workflows/failures.ts lists as non-retryable (FAILURE_TYPES.recordDeleted). The API treats it as any Error.
 */
export class RecordDeletedError extends Error {}
