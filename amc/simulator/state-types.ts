/** Record types of the simulator's in-memory state (see state.ts). */
import type { AmcInputParameter, AmcOutputColumn } from '../client/types';

export interface SimUser {
  userId: string;
  name: string;
  email: string;
}

export interface SimAccount {
  accountId: string;
  accountName: string;
  marketplaceId: string;
  ownerUserId: string;
}

export interface SimInstance {
  instanceId: string;
  instanceName: string;
  instanceType: 'STANDARD' | 'SANDBOX';
  accountId: string;
  customerCanonicalName: string;
  createdAtMs: number;
}

export interface AuthCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  expiresAtMs: number;
  used: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export interface AccessTokenRecord {
  userId: string;
  clientId: string;
  expiresAtMs: number;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  userId: string;
  clientId: string;
  revoked: boolean;
}

/** A saved workflow exactly as stored (the echoed definition) plus its compiled output columns. */
export interface StoredWorkflow {
  definition: Record<string, unknown> & { workflowId: string; sqlQuery: string };
  inputParameters: AmcInputParameter[];
  outputColumns: AmcOutputColumn[];
}

export type SimExecutionStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

export interface SimTimeWindow {
  type: string;
  timeZone: string;
  startOriginal?: string;
  endOriginal?: string;
  /** Resolved UTC instants (ms); relative window types get them when the run starts. */
  startMs?: number;
  endMs?: number;
}

export interface SimExecution {
  workflowExecutionId: string;
  instanceId: string;
  workflowId: string;
  executionCategory: 'AD_HOC';
  sqlQuery: string;
  /** The workflow's declared parameters (their types shape CUSTOM_PARAMETER literals in the sandbox). */
  inputParameters: AmcInputParameter[];
  /** Values the request sent (echoed as parameterValues) and the effective ones (with defaults). */
  parameterValues: Record<string, unknown>;
  effectiveParameters: Record<string, unknown>;
  window: SimTimeWindow;
  ignoreDataGaps: boolean;
  disableAggregationControls: boolean;
  requireSyntheticData?: boolean;
  timeoutSeconds: number;
  /** Query columns plus any privacy columns the workflow named (appended, reference §7.2). */
  outputColumns: AmcOutputColumn[];
  privacyColumns: { discriminator?: string; distinctUserCount?: string; filteredReason?: string };
  privacyFilteringBehavior?: string;
  /** Sandbox result (resultSource 'sandbox'): cells as strings, null for NULL; set when the run SUCCEEDED. */
  result?: { columns: AmcOutputColumn[]; rows: (string | null)[][] };
  status: SimExecutionStatus;
  statusReason?: string;
  createdAtMs: number;
  updatedAtMs: number;
  validatedAtMs?: number;
  startedAtMs?: number;
  finishedAtMs?: number;
  /** How long this run stays RUNNING (drawn when it starts: execution-engine.ts plannedRunSeconds). */
  runSeconds?: number;
}

export interface InstanceStats {
  created: number;
  running: number;
  pending: number;
  peakConcurrent: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}
