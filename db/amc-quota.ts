/**
 * The AMC quota gate: AMC runs at most N executions at once per instance and M per account, for everything
 * RecomAMP starts (manual runs, schedules, collections). Every execution takes a ticket here before it creates
 * its AMC execution and gives it back once AMC has finished with it.
 *
 * Waiters do not poll. A grant pass runs when a ticket is taken or given back; the waiters it grants are woken
 * (`takeWakeups`: each once, by a signal the activity sends to its workflow), and a waiter re-checks on its own
 * only rarely, in case a wake-up was lost. So the gate's cost grows with grants, not with waiters × time.
 * A granted ticket is a lease (`leaseSeconds`) renewed by the execution's polls; the reconciler reclaims expired
 * ones whose execution is terminal or whose workflow is gone (`expiredLeases`, `release`).
 *
 * Why a table and not a semaphore workflow or worker memory:
 * - A ticket belongs to the execution (primary key execution_id), not to a worker or an activity attempt:
 *   acquiring again after a lost response or a worker crash finds the same ticket, so a retry never takes a
 *   second slot, and a crashed worker holds nothing.
 * - Grants happen only inside one transaction that holds a transaction-scoped advisory lock on the AMC account
 *   (`pg_advisory_xact_lock`): two workers can never both see "9 of 10" and both grant. A crash mid-transaction
 *   rolls back and releases the lock with the connection, so nothing half-granted survives.
 * - A slot counts only while its execution row is not terminal. The workflow releases it explicitly (success,
 *   failure, cancellation), but even a release that never runs cannot leak a slot once the row is terminal;
 *   such tickets are deleted by the next grant pass.
 * - Each grant pass hands free slots to waiters in order (priority, then enqueue time), whoever triggered it, so
 *   the order is exact although waiters find out by polling.
 * Limits are keyed by AMC's own instance and account ids: two users who imported one instance share its budget.
 * An AMC instance belongs to one account, so the account lock also serialises every grant on its instances. Only
 * an instance AMC has confirmed for its user gets a ticket (`unverified` otherwise: the caller asks AMC first), so
 * an AMC id typed in at registration never reaches another tenant's queue (db/amc-instances.ts amcSharedKeysOf).
 */
import type { Knex } from 'knex';
import { TERMINAL_EXECUTION_STATUSES } from '../lib/execution-statuses';
import { amcSharedKeysOf } from './amc-instances';
import { rawRows } from './raw-pg';
import { TABLES, type AmcQuotaTicketRow, type RunKind } from './tables';
import { RecordDeletedError } from '../lib/record-deleted';

export interface QuotaLimits {
  perInstance: number;
  perAccount: number;
  /** A waiter that has not re-checked for this long (its workflow is gone or stuck) stops blocking those behind it. */
  staleWaiterSeconds: number;
  /** How long a granted ticket holds without a renewal (the poll renews it) before it may be reclaimed. */
  leaseSeconds?: number;
}

/** A waiter to wake: its execution and the workflow that waits. */
export interface Wakeup {
  executionId: string;
  workflowId: string;
}

const DEFAULT_LEASE_SECONDS = 600;

export const PRIORITY_OF: Record<RunKind, number> = { manual: 0, scheduled: 1, backfill: 2 };

export type AcquireResult =
  | { state: 'granted' }
  | { state: 'waiting'; queuePosition: number }
  /** The execution is already terminal: nothing to gate. */
  | { state: 'not-needed' }
  /** AMC has not confirmed the execution's instance for its user yet: no ticket until it has. */
  | { state: 'unverified'; userId: string; instanceUuid: string };

const terminal: string[] = [...TERMINAL_EXECUTION_STATUSES];
/** `(?, ?, …)` for a list bound into raw SQL. */
const list = (values: readonly unknown[]) => `(${values.map(() => '?').join(', ')})`;

export function createAmcQuotaDb(db: Knex) {
  const tickets = (tx: Knex.Transaction | Knex = db) => tx<AmcQuotaTicketRow>(TABLES.amcQuotaTickets);

  /** Locks the account's gate for the rest of `tx`. */
  const lockAccount = (tx: Knex.Transaction, accountId: string) =>
    tx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`amc-quota:${accountId}`]);

  /** Hands every free slot of the account to its waiters in priority order. Returns the ids granted now. */
  async function grantPass(tx: Knex.Transaction, accountId: string, limits: QuotaLimits): Promise<string[]> {
    await tx.raw(
      `DELETE FROM ${TABLES.amcQuotaTickets} t USING ${TABLES.executions} e
       WHERE t.execution_id = e.id AND t.amc_account_id = ? AND e.status IN ${list(terminal)}`,
      [accountId, ...terminal],
    );
    const rows = await tickets(tx)
      .where({ amc_account_id: accountId })
      .orderBy([{ column: 'priority' }, { column: 'enqueued_at' }, { column: 'execution_id' }])
      .select('*', db.raw(`polled_at < now() - make_interval(secs => ?) AS stale`, [limits.staleWaiterSeconds]));
    const held = new Map<string, number>();
    let accountHeld = 0;
    for (const r of rows) {
      if (!r.granted_at) continue;
      held.set(r.amc_instance_id, (held.get(r.amc_instance_id) ?? 0) + 1);
      accountHeld += 1;
    }
    const granted: string[] = [];
    for (const r of rows as (AmcQuotaTicketRow & { stale: boolean })[]) {
      if (r.granted_at || r.stale) continue;
      if (accountHeld >= limits.perAccount) break;
      const onInstance = held.get(r.amc_instance_id) ?? 0;
      if (onInstance >= limits.perInstance) continue; // a full instance must not block another instance's waiters
      held.set(r.amc_instance_id, onInstance + 1);
      accountHeld += 1;
      granted.push(r.execution_id);
    }
    if (granted.length > 0)
      await tickets(tx)
        .whereIn('execution_id', granted)
        .update({
          granted_at: db.fn.now(),
          lease_expires_at: db.raw('now() + make_interval(secs => ?)', [limits.leaseSeconds ?? DEFAULT_LEASE_SECONDS]),
        } as never);
    return granted;
  }

  return {
    /**
     * Takes (or finds) the execution's ticket and runs a grant pass. Idempotent by execution id: calling it
     * again after a grant answers 'granted' without taking another slot.
     */
    async acquire(executionId: string, limits: QuotaLimits): Promise<AcquireResult> {
      return db.transaction(async (tx) => {
        const target = await tx(TABLES.executions + ' as e')
          .join(TABLES.amcInstances + ' as i', 'i.id', 'e.instance_id')
          .join(TABLES.amcAccounts + ' as a', 'a.id', 'i.account_id')
          .where('e.id', executionId)
          .first(
            'e.status',
            'e.run_kind',
            'e.user_id',
            'i.id',
            'i.instance_id',
            'i.amc_verified_at',
            'a.account_id as account_id_at_amc',
          );
        if (!target) throw new RecordDeletedError(`execution ${executionId} does not exist`);
        if (terminal.includes(target.status)) return { state: 'not-needed' };
        if (!target.amc_verified_at) return { state: 'unverified', userId: target.user_id, instanceUuid: target.id };
        const keys = amcSharedKeysOf(target);
        await lockAccount(tx, keys.accountKey);
        const [existing] = await tickets(tx)
          .insert({
            execution_id: executionId,
            amc_instance_id: keys.instanceKey,
            amc_account_id: keys.accountKey,
            priority: PRIORITY_OF[(target.run_kind ?? 'manual') as RunKind] ?? 0,
          } as never)
          .onConflict('execution_id')
          .merge({ polled_at: db.fn.now() } as never)
          .returning('*');
        if (existing?.granted_at) return { state: 'granted' };
        const granted = await grantPass(tx, keys.accountKey, limits);
        if (granted.includes(executionId)) {
          // It learns it here: no wake-up owed to it.
          await tickets(tx)
            .where({ execution_id: executionId })
            .update({ notified_at: db.fn.now() } as never);
          return { state: 'granted' };
        }
        const positions = await queuePositions([executionId], tx);
        return { state: 'waiting', queuePosition: positions.get(executionId) ?? 1 };
      });
    },

    /** Gives the slot (or the place in the queue) back and lets the next waiters in. Idempotent. */
    async release(executionId: string, limits: QuotaLimits): Promise<void> {
      await db.transaction(async (tx) => {
        const ticket = await tickets(tx).where({ execution_id: executionId }).first();
        if (!ticket) return;
        await lockAccount(tx, ticket.amc_account_id);
        await tickets(tx).where({ execution_id: executionId }).delete();
        await grantPass(tx, ticket.amc_account_id, limits);
      });
    },

    queuePositions,

    /**
     * The waiters of `executionId`'s account that a grant pass has given a slot and nobody has woken yet; each is
     * returned once (marked notified here), for the caller to signal after this commits.
     */
    async takeWakeups(executionId: string): Promise<Wakeup[]> {
      const target = await db(TABLES.executions + ' as e')
        .join(TABLES.amcInstances + ' as i', 'i.id', 'e.instance_id')
        .join(TABLES.amcAccounts + ' as a', 'a.id', 'i.account_id')
        .where('e.id', executionId)
        .first('i.id', 'i.instance_id', 'i.amc_verified_at', 'a.account_id as account_id_at_amc');
      if (!target) return [];
      const { rows } = await db.raw(
        `UPDATE ${TABLES.amcQuotaTickets} t SET notified_at = now()
         FROM ${TABLES.executions} e
         WHERE e.id = t.execution_id AND t.granted_at IS NOT NULL AND t.notified_at IS NULL AND t.amc_account_id = ?
         RETURNING t.execution_id, e.temporal_workflow_id`,
        [amcSharedKeysOf(target).accountKey],
      );
      return (rows as { execution_id: string; temporal_workflow_id: string }[]).map((r) => ({
        executionId: r.execution_id,
        workflowId: r.temporal_workflow_id,
      }));
    },

    /** The execution still holds its slot: extends the lease (a no-op for a waiter or a released ticket). */
    async renewLease(executionId: string, limits: QuotaLimits): Promise<void> {
      await tickets()
        .where({ execution_id: executionId })
        .whereNotNull('granted_at')
        .update({
          lease_expires_at: db.raw('now() + make_interval(secs => ?)', [limits.leaseSeconds ?? DEFAULT_LEASE_SECONDS]),
        } as never);
    },

    /** Granted tickets whose lease ran out (nobody renewed it; one user's if given): for the reconciler to reclaim. */
    async expiredLeases(userId?: string): Promise<Wakeup[]> {
      const rows = await tickets()
        .join(TABLES.executions + ' as e', 'e.id', `${TABLES.amcQuotaTickets}.execution_id`)
        .modify((q) => void (userId && q.where('e.user_id', userId)))
        .whereNotNull('granted_at')
        .andWhere('lease_expires_at', '<', db.fn.now())
        .select(`${TABLES.amcQuotaTickets}.execution_id`, 'e.temporal_workflow_id');
      return (rows as unknown as { execution_id: string; temporal_workflow_id: string }[]).map((r) => ({
        executionId: r.execution_id,
        workflowId: r.temporal_workflow_id,
      }));
    },

    /** Executions that hold a slot right now, per AMC instance (for tests and the API). */
    async heldOn(amcInstanceId: string): Promise<number> {
      const row = await tickets()
        .join(TABLES.executions + ' as e', 'e.id', `${TABLES.amcQuotaTickets}.execution_id`)
        .where({ amc_instance_id: amcInstanceId })
        .whereNotNull('granted_at')
        .whereNotIn('e.status', terminal)
        .count({ n: '*' })
        .first();
      return Number(row?.n ?? 0);
    },
  };

  /**
   * 1-based place in its instance's queue of each waiting execution (the same order grants follow); executions
   * that hold a slot or have no ticket are absent.
   */
  async function queuePositions(executionIds: string[], tx?: Knex.Transaction): Promise<Map<string, number>> {
    if (executionIds.length === 0) return new Map();
    // Outside a transaction (the API's list and get) one named raw pg statement (db/raw-pg.ts); the same text
    // with knex's placeholders inside the gate's transaction.
    const rows = tx
      ? (
          (await tx.raw(queuePositionsSql('?', '?'), [terminal, executionIds, executionIds])) as {
            rows: QueuePositionRow[];
          }
        ).rows
      : await rawRows<QueuePositionRow>(db, {
          name: 'recomamp_queue_positions',
          text: queuePositionsSql('$1', '$2'),
          values: [terminal, executionIds],
        });
    return new Map(rows.map((r) => [r.execution_id, Number(r.pos)]));
  }
}

interface QueuePositionRow {
  execution_id: string;
  pos: number;
}

/**
 * `pageSql`'s execution rows, in its order, each with `queue_position` (its place at the gate, null when it holds a
 * slot or has no ticket): the API's list and get read a page and its queue positions in one round trip.
 * `terminal` is the placeholder of an array parameter holding TERMINAL_EXECUTION_STATUSES.
 */
export function withQueuePositionsSql(pageSql: string, terminal: string): string {
  return `WITH page AS (${pageSql}),
    positions AS (${queuePositionsSql(terminal, '(SELECT array_agg(id) FROM page)')})
    SELECT page.*, positions.pos::int AS queue_position
    FROM page LEFT JOIN positions ON positions.execution_id = page.id
    ORDER BY page.created_at DESC, page.id DESC`;
}

/** Each execution's place in its instance's queue at the gate (1 = next); `terminal` and `ids` are array parameters (`ids` appears twice: twice bound with knex's `?`). */
function queuePositionsSql(terminal: string, ids: string): string {
  return `SELECT execution_id, pos FROM (
      SELECT t.execution_id, row_number() OVER (
        PARTITION BY t.amc_instance_id ORDER BY t.priority, t.enqueued_at, t.execution_id) AS pos
      FROM ${TABLES.amcQuotaTickets} t JOIN ${TABLES.executions} e ON e.id = t.execution_id
      WHERE t.granted_at IS NULL AND e.status <> ALL (${terminal}::text[])
        AND t.amc_instance_id IN (
          SELECT amc_instance_id FROM ${TABLES.amcQuotaTickets} WHERE execution_id = ANY (${ids}::uuid[]))
    ) q WHERE execution_id = ANY (${ids}::uuid[])`;
}
export type AmcQuotaDb = ReturnType<typeof createAmcQuotaDb>;
