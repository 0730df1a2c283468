import type { Knex } from 'knex';

/**
 * Issue #14: "workflow" in the schema meant a saved query (the REST contract's name, kept at the API). Inside
 * RecomAMP a workflow is a Temporal workflow, so the schema says saved query:
 * - tables `workflows` → `saved_queries`, `workflow_executions` → `executions`;
 * - column `workflow_id` → `saved_query_id` in executions, data_collections, schedules and query_template_usages;
 * - their indexes and constraints follow (`workflow_executions_idempotency` → `executions_idempotency`, …).
 * `amc_workflow_id` (AMC's workflow) and `temporal_workflow_id` (Temporal's) keep their names: they are workflows.
 * Row-level security policies, foreign keys and triggers refer to tables and columns by identity, not by name,
 * so they follow the renames unchanged.
 */

const TABLE_RENAMES: [from: string, to: string][] = [
  ['workflows', 'saved_queries'],
  ['workflow_executions', 'executions'],
];
/** Tables (by their new names) whose `workflow_id` names a saved query. */
const SAVED_QUERY_COLUMNS = ['executions', 'data_collections', 'schedules', 'query_template_usages'];
const ALL_TABLES = ['saved_queries', ...SAVED_QUERY_COLUMNS];

/**
 * Renames the indexes and constraints of `tables` whose names carry an old table prefix or the old column. Names
 * follow knex's `<table>_<column>_<suffix>`, so only a `<table>_workflow_id_` right after a table's prefix is the
 * saved-query column (never `…_temporal_workflow_id_…` or `…_amc_workflow_id_…`).
 */
async function renameIndexes(knex: Knex, tables: string[], renames: [RegExp, string][]): Promise<void> {
  const rename = (name: string) => renames.reduce((n, [from, to]) => n.replace(from, to), name);
  const inTables = `t.relname IN (${tables.map(() => '?').join(', ')}) AND t.relnamespace = 'public'::regnamespace`;
  const { rows: constraints } = (await knex.raw(
    `SELECT c.conname AS name, t.relname AS tbl FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     WHERE ${inTables}`,
    tables,
  )) as { rows: { name: string; tbl: string }[] };
  for (const c of constraints) {
    const to = rename(c.name);
    if (to !== c.name) await knex.raw('ALTER TABLE ?? RENAME CONSTRAINT ?? TO ??', [c.tbl, c.name, to]);
  }
  // Indexes that back no constraint (a constraint's own index was renamed with it above).
  const { rows: indexes } = (await knex.raw(
    `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE ${inTables} AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    tables,
  )) as { rows: { name: string }[] };
  for (const i of indexes) {
    const to = rename(i.name);
    if (to !== i.name) await knex.raw('ALTER INDEX ?? RENAME TO ??', [i.name, to]);
  }
}

const columnPrefix = `^(${[...SAVED_QUERY_COLUMNS, 'workflow_executions'].join('|')})_`;

export async function up(knex: Knex): Promise<void> {
  for (const [from, to] of TABLE_RENAMES) await knex.schema.renameTable(from, to);
  for (const table of SAVED_QUERY_COLUMNS) {
    await knex.schema.alterTable(table, (t) => t.renameColumn('workflow_id', 'saved_query_id'));
  }
  await renameIndexes(knex, ALL_TABLES, [
    [new RegExp(`${columnPrefix}workflow_id_`), '$1_saved_query_id_'],
    [/^workflow_executions_/, 'executions_'],
    [/^workflows_/, 'saved_queries_'],
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await renameIndexes(knex, ALL_TABLES, [
    [/^executions_/, 'workflow_executions_'],
    [/^saved_queries_/, 'workflows_'],
    [new RegExp(`${columnPrefix}saved_query_id_`), '$1_workflow_id_'],
  ]);
  for (const table of SAVED_QUERY_COLUMNS) {
    await knex.schema.alterTable(table, (t) => t.renameColumn('saved_query_id', 'workflow_id'));
  }
  for (const [from, to] of TABLE_RENAMES) await knex.schema.renameTable(to, from);
}
