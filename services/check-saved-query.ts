/**
 * The pre-flight check of a saved query (POST /api/workflows/check with a body, POST /api/workflows/:id/check for a
 * stored one, and every save): lib/sql-check.ts over the same AMC SQL front end and catalog the sandbox uses, in
 * milliseconds, without calling AMC. An instanceId in the body must be one of the caller's instances.
 */
import type { ParameterDefinition, SavedQueryRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { checkSql, type CheckItem, type SqlCheckReport } from '../lib/sql-check';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos'>;

export interface CheckInput {
  sqlQuery: string;
  parameters: Record<string, ParameterDefinition>;
  instanceId?: string | undefined;
}

/** 400 unless `instanceId` is one of the caller's instances (row-level security hides the others). */
export async function assertOwnInstance(deps: Deps, userId: string, instanceId: string): Promise<void> {
  if (!(await deps.repos.amcInstances.findById(userId, instanceId))) {
    throw new AppError(400, 'VALIDATION_ERROR', 'instanceId is not one of your instances', {
      issues: [{ path: 'body.instanceId', message: 'unknown instance', code: 'custom' }],
    });
  }
}

export async function checkSavedQueryInput(deps: Deps, userId: string, input: CheckInput): Promise<SqlCheckReport> {
  if (input.instanceId !== undefined) await assertOwnInstance(deps, userId, input.instanceId);
  return checkSql(input.sqlQuery, input.parameters);
}

export function checkSavedQuery(savedQuery: Pick<SavedQueryRow, 'sql_query' | 'parameters'>): SqlCheckReport {
  return checkSql(savedQuery.sql_query, savedQuery.parameters);
}

export type SaveWarning = CheckItem & { severity: 'error' | 'warning' };

/**
 * What a save answers besides the saved query: the check's findings. A save is not refused for them (AMC is the
 * judge of its SQL); those with severity `error` are what AMC will refuse when the query runs there.
 */
export function saveWarnings(report: SqlCheckReport): SaveWarning[] {
  return [
    ...report.errors.map((e) => ({ severity: 'error' as const, ...e })),
    ...report.warnings.map((w) => ({ severity: 'warning' as const, ...w })),
  ];
}
