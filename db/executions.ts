import type { Knex } from 'knex';
import { decodeCursor, pageOf, type Page, type PageRequest } from './pagination';
import {
  isTerminalExecutionStatus,
  TERMINAL_EXECUTION_STATUSES,
  type ExecutionStatus,
} from '../lib/execution-statuses';
import {
  ownerColumn,
  TABLES,
  type DependentsOwner,
  type ExecutionEventRow,
  type ExecutionPatch,
  type ExecutionRow,
  type NewExecutionRow,
} from './tables';
import { RecordDeletedError } from '../lib/record-deleted';
import { quoteIdent, rawRows, type RawStatement } from './raw-pg';
import { withQueuePositionsSql } from './amc-quota';

/** An execution as the API shows it: with its place at the AMC quota gate (null when not waiting there). */
export type QueuedExecutionRow = ExecutionRow & { queue_position: number | null };

export interface ExecutionFilters {
  savedQueryId?: string | undefined;
  status?: ExecutionStatus | undefined;
  instanceId?: string | undefined;
}

function toDb<T extends Partial<ExecutionRow>>(row: T) {
  return {
    ...row,
    ...(row.parameters !== undefined && { parameters: JSON.stringify(row.parameters) }),
    ...(row.amc_parameters && { amc_parameters: JSON.stringify(row.amc_parameters) }),
    ...(row.result_columns !== undefined && { result_columns: JSON.stringify(row.result_columns) }),
    ...(row.idempotency_request != null && { idempotency_request: JSON.stringify(row.idempotency_request) }),
    ...(row.warnings !== undefined && { warnings: JSON.stringify(row.warnings) }),
  };
}

/** The statement texts of insertIdempotent, one per set of columns given (a named statement's text never changes). */
const insertStatements = new Map<string, { name: string; text: string }>();

/**
 * INSERT … ON CONFLICT DO NOTHING with its 'created' event; with an idempotency key, the row the key already names
 * when the insert did nothing (`created` false).
 */
function insertIdempotentStatement(row: Record<string, unknown>): RawStatement {
  const columns = Object.keys(row).filter((c) => row[c] !== undefined);
  const keyed = row.idempotency_key != null;
  const signature = `${keyed ? 'k' : 'n'}:${columns.join(',')}`;
  let statement = insertStatements.get(signature);
  if (!statement) {
    const param = (column: string) => `$${columns.indexOf(column) + 1}`;
    const text = `WITH inserted AS (
        INSERT INTO ${TABLES.executions} (${columns.map(quoteIdent).join(', ')})
        VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
        ON CONFLICT (saved_query_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING *),
      event AS (INSERT INTO ${TABLES.executionEvents} (execution_id, user_id, status, detail)
        SELECT id, user_id, status, 'created' FROM inserted)
      SELECT inserted.*, true AS created FROM inserted${
        keyed
          ? `
      UNION ALL
      SELECT e.*, false AS created FROM ${TABLES.executions} e
        WHERE e.saved_query_id = ${param('saved_query_id')} AND e.idempotency_key = ${param('idempotency_key')}
          AND NOT EXISTS (SELECT 1 FROM inserted)`
          : ''
      }`;
    statement = { name: `recomamp_insert_execution_${insertStatements.size + 1}`, text };
    insertStatements.set(signature, statement);
  }
  return { ...statement, values: columns.map((c) => row[c]) };
}

/** list's filters: the query parameter's field → its column (each has an index with the keyset order). */
const LIST_FILTERS = [
  ['savedQueryId', 'saved_query_id'],
  ['status', 'status'],
  ['instanceId', 'instance_id'],
] as const;

/**
 * A page of the user's executions, newest first (db/pagination.ts's keyset order), each with its queue position,
 * as one named statement.
 */
export function listStatement(userId: string, filters: ExecutionFilters, page: PageRequest): RawStatement {
  const values: unknown[] = [userId];
  const where = ['user_id = $1'];
  let name = 'recomamp_list_executions';
  for (const [field, column] of LIST_FILTERS) {
    const value = filters[field];
    if (!value) continue;
    values.push(value);
    where.push(`${column} = $${values.length}`);
    name += `_${column}`;
  }
  if (page.cursor) {
    const key = decodeCursor(page.cursor);
    values.push(key.createdAt, key.id);
    where.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    name += '_after';
  }
  values.push(page.limit + 1);
  const pageSql = `SELECT * FROM ${TABLES.executions} WHERE ${where.join(' AND ')}
    ORDER BY created_at DESC, id DESC LIMIT $${values.length}`;
  values.push(TERMINAL_EXECUTION_STATUSES);
  return { name, text: withQueuePositionsSql(pageSql, `$${values.length}`), values };
}

/** One execution of the user (the API's get), as one named statement. */
export function queuedByIdStatement(userId: string, id: string): RawStatement {
  return {
    name: 'recomamp_queued_execution_by_id',
    text: withQueuePositionsSql(`SELECT * FROM ${TABLES.executions} WHERE user_id = $1 AND id = $2 LIMIT 1`, '$3'),
    values: [userId, id, TERMINAL_EXECUTION_STATUSES],
  };
}

export function createExecutionsDb(db: Knex) {
  const executions = (tx?: Knex.Transaction) => (tx ?? db)<ExecutionRow>(TABLES.executions);
  const events = (tx?: Knex.Transaction) => (tx ?? db)<ExecutionEventRow>(TABLES.executionEvents);

  return {
    /**
     * Inserts a new execution, or returns the existing one when (saved_query_id, idempotency_key) is taken:
     * `created` says which, so a repeated POST starts nothing new.
     */
    async insertIdempotent(row: NewExecutionRow): Promise<{ execution: ExecutionRow; created: boolean }> {
      // One statement, raw pg (db/raw-pg.ts): the row, its 'created' event and, when the key is taken, the row it
      // names. The event names its owner itself: the row-level policy checks it, and this statement cannot see the
      // new execution yet.
      const [first] = await rawRows<ExecutionRow & { created: boolean }>(db, insertIdempotentStatement(toDb(row)));
      if (first) {
        const { created, ...execution } = first;
        return { execution, created };
      }
      // The key's row was committed after this statement's snapshot (two identical requests at once): read it now.
      const existing = await executions()
        .where({ saved_query_id: row.saved_query_id, idempotency_key: row.idempotency_key })
        .first();
      return { execution: existing!, created: false };
    },
    async findById(userId: string, id: string): Promise<ExecutionRow | undefined> {
      const [row] = await rawRows<ExecutionRow>(db, {
        name: 'recomamp_execution_by_id',
        text: `SELECT * FROM ${TABLES.executions} WHERE user_id = $1 AND id = $2 LIMIT 1`,
        values: [userId, id],
      });
      return row;
    },
    /** For activities, which act on an execution id they were given by a workflow this service started. */
    async get(id: string, tx?: Knex.Transaction): Promise<ExecutionRow> {
      const row = await executions(tx).where({ id }).first();
      if (!row) throw new RecordDeletedError(`execution ${id} does not exist`);
      return row;
    },
    /** The API's get: one execution of the user with its queue position, in one round trip. */
    async findQueuedById(userId: string, id: string): Promise<QueuedExecutionRow | undefined> {
      const [row] = await rawRows<QueuedExecutionRow>(db, queuedByIdStatement(userId, id));
      return row;
    },
    /** A page of the user's executions, each with its queue position, in one round trip. */
    async list(userId: string, filters: ExecutionFilters, page: PageRequest): Promise<Page<QueuedExecutionRow>> {
      const rows = await rawRows<QueuedExecutionRow>(db, listStatement(userId, filters, page));
      return pageOf(rows, page.limit);
    },
    /**
     * Applies `patch` and records a status event when the status or AMC status changes. A terminal execution
     * never changes status again (a late poll cannot resurrect a cancelled run). Returns the row after the change.
     */
    async transition(id: string, patch: ExecutionPatch, detail?: string, tx?: Knex.Transaction): Promise<ExecutionRow> {
      const run = async (t: Knex.Transaction) => {
        const current = await executions(t).where({ id }).forUpdate().first();
        if (!current) throw new RecordDeletedError(`execution ${id} does not exist`);
        const terminal = isTerminalExecutionStatus(current.status);
        const next: ExecutionPatch = terminal ? { ...patch, status: current.status } : patch;
        const [updated] = await executions(t)
          .where({ id })
          .update({ ...toDb(next), updated_at: db.fn.now() } as never)
          .returning('*');
        const row = updated as ExecutionRow;
        if (row.status !== current.status || row.amc_status !== current.amc_status) {
          await events(t).insert({
            execution_id: id,
            status: row.status,
            amc_status: row.amc_status,
            detail: detail ?? null,
          } as never);
        }
        return row;
      };
      return tx ? run(tx) : db.transaction(run);
    },
    /** A saved query's or instance's executions: the unfinished ones, and how many there are (with results). */
    async ofOwner(
      userId: string,
      owner: DependentsOwner,
    ): Promise<{ unfinished: ExecutionRow[]; total: number; succeeded: number }> {
      const where = { user_id: userId, ...ownerColumn(owner) };
      const [unfinished, counts] = await Promise.all([
        executions().where(where).whereNotIn('status', TERMINAL_EXECUTION_STATUSES),
        executions()
          .where(where)
          .select(
            db.raw('count(*)::int AS total'),
            db.raw(`count(*) FILTER (WHERE status = 'SUCCEEDED')::int AS succeeded`),
          )
          .first(),
      ]);
      const c = counts as unknown as { total: number; succeeded: number };
      return { unfinished, total: c.total, succeeded: c.succeeded };
    },
    /** The runs a schedule started, newest scheduled time first. */
    async listForSchedule(scheduleId: string, limit: number): Promise<ExecutionRow[]> {
      return executions().where({ schedule_id: scheduleId }).orderBy('scheduled_at', 'desc').limit(limit);
    },
    async events(executionId: string): Promise<ExecutionEventRow[]> {
      return events().where({ execution_id: executionId }).orderBy('id');
    },
  };
}
export type ExecutionsDb = ReturnType<typeof createExecutionsDb>;
