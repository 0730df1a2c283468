import type { Knex } from 'knex';

/**
 * Issue #18, reads: GET /api/executions pages by (created_at DESC, id DESC) (db/pagination.ts) within a user,
 * optionally by status, saved query or instance. Each of those gets an index in exactly that order, so a page is
 * an index range of `limit + 1` rows at any table size and any filter selectivity, with no sort step:
 * - (user_id, created_at, id) replaces (user_id, created_at), which needed an incremental sort on id;
 * - (user_id, status, created_at, id) is new: a rare status no longer scans the user's other rows;
 * - (saved_query_id, …) and (instance_id, …) replace the single-column indexes, which their prefix still serves
 *   (foreign-key cascades, the quota gate's joins).
 * EXPLAIN ANALYZE of each list query is in the note (npm run bench -- --only=reads prints the plans).
 */
const REPLACED = [
  ['executions_user_id_created_at_index', '(user_id, created_at)'],
  ['executions_saved_query_id_index', '(saved_query_id)'],
  ['executions_instance_id_index', '(instance_id)'],
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const [name] of REPLACED) await knex.raw(`DROP INDEX IF EXISTS ${name}`);
  await knex.raw('CREATE INDEX executions_user_page ON executions (user_id, created_at DESC, id DESC)');
  await knex.raw('CREATE INDEX executions_user_status_page ON executions (user_id, status, created_at DESC, id DESC)');
  await knex.raw('CREATE INDEX executions_saved_query_page ON executions (saved_query_id, created_at DESC, id DESC)');
  await knex.raw('CREATE INDEX executions_instance_page ON executions (instance_id, created_at DESC, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  for (const name of [
    'executions_user_page',
    'executions_user_status_page',
    'executions_saved_query_page',
    'executions_instance_page',
  ]) {
    await knex.raw(`DROP INDEX IF EXISTS ${name}`);
  }
  for (const [name, columns] of REPLACED) await knex.raw(`CREATE INDEX ${name} ON executions ${columns}`);
}
