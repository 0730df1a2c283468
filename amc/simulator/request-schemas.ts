/**
 * zod schemas for reporting request bodies. Lenient where AMC appears lenient: unknown fields pass
 * through, and stringified booleans/numbers ("True", "86400") are coerced (reference §6.1 tolerance).
 */
import { z } from 'zod';
import type { AmcInputParameter, AmcOutputColumn } from '../client/types';
import { checkInputParameter } from './parameter-values';
import { SimHttpError } from './responses';
import { SqlCompileError, compileAmcSql, compileErrorDetails } from './sql-compiler';
import { WINDOW_TYPES } from './time-window';

const WORKFLOW_ID = /^[A-Za-z0-9._-]{1,256}$/;

const boolish = z.preprocess(
  (v) => (typeof v === 'string' && /^(true|false)$/i.test(v) ? v.toLowerCase() === 'true' : v),
  z.boolean(),
);
const intish = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().positive(),
);

const dataType = z.union([
  z.string().min(1),
  z
    .object({ type: z.literal('ARRAY'), elementDataType: z.string().min(1), elementNullable: z.boolean().optional() })
    .passthrough(),
]);

const inputParameter = z
  .object({
    name: z.string().min(1),
    dataType,
    columnType: z.enum(['DIMENSION', 'METRIC']).optional(),
    description: z.string().optional(),
    displayName: z.string().optional(),
    defaultValue: z.unknown().optional(),
  })
  .passthrough();

const workflowFields = {
  sqlQuery: z.string().min(1, 'sqlQuery is required'),
  inputParameters: z.array(inputParameter).optional(),
  filteredMetricsDiscriminatorColumn: z.string().min(1).optional(),
  distinctUserCountColumn: z.string().min(1).optional(),
  filteredReasonColumn: z.string().min(1).optional(),
  outputColumns: z.array(z.unknown()).optional(),
  outputFormat: z.unknown().optional(),
  privacyFilteringBehavior: z.enum(['REMOVE_ROWS', 'REMOVE_VALUES']).optional(),
  inputSchema: z.string().optional(),
};
const workflowIdField = z.string().regex(WORKFLOW_ID, 'workflowId may contain only letters, digits, ".", "-" and "_"');

export const workflowSchema = z.object({ workflowId: workflowIdField, ...workflowFields }).passthrough();
export const inlineWorkflowSchema = z
  .object({ workflowId: workflowIdField.optional(), ...workflowFields })
  .passthrough();

export const createExecutionSchema = z
  .object({
    workflowId: workflowIdField.optional(),
    workflow: inlineWorkflowSchema.optional(),
    timeWindowType: z.enum(WINDOW_TYPES as [string, ...string[]]).optional(),
    timeWindowStart: z.string().optional(),
    timeWindowEnd: z.string().optional(),
    timeWindowTimeZone: z.string().min(1).optional(),
    parameterValues: z.record(z.string(), z.unknown()).optional(),
    ignoreDataGaps: boolish.optional(),
    workflowExecutionTimeoutSeconds: intish.optional(),
    requireSyntheticData: boolish.optional(),
    disableAggregationControls: boolish.optional(),
    dryRun: boolish.optional(),
    skipPublish: boolish.optional(),
  })
  .passthrough();

export type WorkflowBody = z.infer<typeof workflowSchema>;
export type InlineWorkflowBody = z.infer<typeof inlineWorkflowSchema>;

/** Parses a body or throws a reporting 400 naming the first problem. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object')
    throw new SimHttpError(400, 'Request body must be a JSON object');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new SimHttpError(400, `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

/**
 * Stored form of input parameters: arrays echo `elementNullable: false`; snake-case `column_type` is dropped. A
 * dataType AMC does not have, or a defaultValue that does not fit it, is a 400 (parameter-values.ts).
 */
export function normalizeParameters(params: InlineWorkflowBody['inputParameters']): AmcInputParameter[] {
  return (params ?? []).map((p) => {
    const { column_type: _ignored, ...rest } = p as typeof p & { column_type?: unknown };
    const dt = typeof p.dataType === 'string' ? p.dataType : { elementNullable: false, ...p.dataType };
    const param = { ...rest, dataType: dt } as AmcInputParameter;
    checkInputParameter(param);
    return param;
  });
}

/** Compiles a workflow's SQL, turning compile failures into AMC's 400 (`Was unable to compile workflow …`). */
export function compileWorkflow(workflowId: string, sqlQuery: string, params: AmcInputParameter[]): AmcOutputColumn[] {
  try {
    return compileAmcSql(sqlQuery, params).outputColumns;
  } catch (err) {
    if (err instanceof SqlCompileError) throw new SimHttpError(400, compileErrorDetails(workflowId, err));
    // [inferred] thousands of nested parentheses exhaust the front end's recursive descent; AMC refuses such SQL
    // at compile time too (a 400), it does not fail with a server error.
    if (err instanceof RangeError)
      throw new SimHttpError(
        400,
        compileErrorDetails(workflowId, new SqlCompileError('SQL query was invalid: the query nests too deeply')),
      );
    throw err;
  }
}
