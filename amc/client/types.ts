/** Shapes of AMC's REST API as recorded in shared/reference/amc-api.md (flat objects, nulls omitted). */

export interface AmcAccount {
  accountId: string;
  accountName: string;
  marketplaceId: string;
}

export interface AmcInstance {
  instanceId: string;
  instanceName: string;
  instanceType: 'STANDARD' | 'SANDBOX' | (string & {});
  creationStatus: string;
  customerCanonicalName?: string | null;
  creationDatetime?: string | null;
  s3BucketName?: string | null;
  awsAccountId?: string | null;
  entities?: string[];
  dataUploadAwsAccountId?: string | null;
  /** Preferred base URL for this instance when set; may be null right after creation. */
  apiEndpoint?: string | null;
  acrCollaboration?: unknown;
  optionalDatasets?: { label: string; activationTime?: string }[] | null;
  advertiserTypes?: string[];
}

export type AmcScalarType =
  | 'BINARY'
  | 'BOOLEAN'
  | 'BYTE'
  | 'DATE'
  | 'DECIMAL'
  | 'DOUBLE'
  | 'FLOAT'
  | 'INTEGER'
  | 'LONG'
  | 'SHORT'
  | 'STRING'
  | 'TIMESTAMP'
  | (string & {});

export type AmcParameterDataType =
  AmcScalarType | { type: 'ARRAY'; elementDataType: AmcScalarType; elementNullable?: boolean };

export interface AmcInputParameter {
  name: string;
  dataType: AmcParameterDataType;
  columnType?: 'DIMENSION' | 'METRIC';
  description?: string;
  displayName?: string;
  /** When absent, every execution must supply a value in `parameterValues`. */
  defaultValue?: unknown;
}

export interface AmcOutputColumn {
  name: string;
  columnType?: 'DIMENSION' | 'METRIC' | (string & {});
  dataType: AmcScalarType;
  dataTypePrecision?: number;
  dataTypeScale?: number;
  description?: string;
}

export interface AmcWorkflowDefinition {
  workflowId: string;
  sqlQuery: string;
  inputParameters?: AmcInputParameter[];
  filteredMetricsDiscriminatorColumn?: string;
  distinctUserCountColumn?: string;
  filteredReasonColumn?: string;
  outputColumns?: AmcOutputColumn[];
  outputFormat?: { separatorCharacter?: string; quoteCharacter?: string; escapeCharacter?: string };
  privacyFilteringBehavior?: 'REMOVE_ROWS' | 'REMOVE_VALUES';
  inputSchema?: string;
}

/** An inline (ad-hoc) workflow; without `workflowId` AMC names the run `transient_<uuid>`. */
export type AmcInlineWorkflow = Omit<AmcWorkflowDefinition, 'workflowId'> & { workflowId?: string };

export type AmcTimeWindowType =
  'EXPLICIT' | 'MOST_RECENT_DAY' | 'MOST_RECENT_WEEK' | 'CURRENT_MONTH' | 'PREVIOUS_MONTH' | 'ALL';

/** Exactly one of `workflowId` (saved workflow) or `workflow` (ad-hoc). Times are zone-less local times. */
export interface CreateExecutionRequest {
  workflowId?: string;
  workflow?: AmcInlineWorkflow;
  timeWindowType?: AmcTimeWindowType;
  /** `yyyy-MM-ddTHH:mm:ss`, no zone; interpreted in `timeWindowTimeZone`. */
  timeWindowStart?: string;
  timeWindowEnd?: string;
  /** IANA zone name; default UTC. */
  timeWindowTimeZone?: string;
  parameterValues?: Record<string, unknown>;
  ignoreDataGaps?: boolean;
  workflowExecutionTimeoutSeconds?: number;
  requireSyntheticData?: boolean;
  disableAggregationControls?: boolean;
  dryRun?: boolean;
  skipPublish?: boolean;
}

export type AmcExecutionStatus =
  'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'REJECTED' | 'PUBLISHING' | 'DELETED' | (string & {});

export interface AmcExecution {
  workflowExecutionId: string;
  workflowId: string;
  status: AmcExecutionStatus;
  statusReason?: string;
  createTime?: string;
  lastUpdatedTime?: string;
  expireTime?: string;
  waitUntil?: string;
  validatedTime?: string;
  executionTime?: number;
  executionCategory?: string;
  timeWindowStart?: string;
  timeWindowEnd?: string;
  timeWindowStartOriginal?: string;
  timeWindowEndOriginal?: string;
  timeWindowTimeZoneOriginal?: string;
  parameterValues?: Record<string, unknown>;
  dataGaps?: unknown[];
  ignoreDataGaps?: boolean;
  disableAggregationControls?: boolean;
  workflowExecutionTimeoutSeconds?: number;
  outputColumns?: AmcOutputColumn[];
  outputS3URI?: string;
  invalidationOffsetSecs?: number;
  availableTimeBeforeWindowSecs?: number;
  /** Only with `includeWorkflow=true`. */
  sqlQuery?: string;
}

export interface AmcDownloadUrls {
  downloadUrls: string[];
  metadataDownloadUrls?: string[];
}

/** Who is calling which instance: the LWA token, the AMC account (`ENTITY…`), its marketplace, the instance id. */
export interface AmcCallContext {
  accessToken: string;
  accountId: string;
  marketplaceId: string;
  instanceId: string;
  /** The instance's AMC region (NA, EU, FE): picks the API host when the client knows one for it. */
  region?: string;
}

export interface ListExecutionsFilter {
  workflowId?: string;
  /** `yyyy-MM-ddTHH:mm:ss` (UTC unless `timeZone`) or a Date. */
  minCreationTime?: string | Date;
  maxCreationTime?: string | Date;
  timeZone?: string;
  /** AMC may leave cancelled runs out unless asked. */
  includeCancelled?: boolean;
}

export const AMC_TERMINAL_STATUSES: readonly string[] = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'REJECTED', 'DELETED'];

/** Terminal = SUCCEEDED, FAILED, CANCELLED, REJECTED, DELETED; anything else (incl. unknown) means keep polling. */
export function isTerminalAmcStatus(status: string): boolean {
  return AMC_TERMINAL_STATUSES.includes(status);
}
