export { createAmcClient } from './amc-client';
export type { AmcClient, AmcClientOptions, AmcAccountContext } from './amc-client';
export { createLwaClient } from './lwa-client';
export type { LwaClient, LwaClientOptions, LwaTokens, LwaProfile } from './lwa-client';
export {
  AmcApiError,
  LwaError,
  isRetryable,
  isSqlCompileDetails,
  amcErrorFromResponse,
  parseRetryAfter,
} from './errors';
export type { AmcErrorKind, AmcApiErrorInit } from './errors';
export { AMC_TERMINAL_STATUSES, isTerminalAmcStatus } from './types';
export type {
  AmcAccount,
  AmcInstance,
  AmcScalarType,
  AmcParameterDataType,
  AmcInputParameter,
  AmcOutputColumn,
  AmcWorkflowDefinition,
  AmcInlineWorkflow,
  AmcTimeWindowType,
  CreateExecutionRequest,
  AmcExecutionStatus,
  AmcExecution,
  AmcDownloadUrls,
  AmcCallContext,
  ListExecutionsFilter,
} from './types';
export type { FetchImpl } from './amc-http';
