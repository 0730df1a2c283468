import type { Knex } from 'knex';

/**
 * Result rows are stored as AMC's own CSV records, in chunks of up to 1,000 records per row, not as one jsonb
 * row per result row. Ingesting a 1M-row result then writes ~1,000 rows instead of 1,000,000 (no per-row
 * tuple and index cost), records pass through without field parsing, and CSV export is a straight read.
 * Pages are parsed and typed (from result_columns) when read. No deployment held results yet, so none are
 * converted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTable('execution_results');
  await knex.schema.createTable('execution_results', (t) => {
    t.uuid('execution_id').notNullable().references('workflow_executions.id').onDelete('CASCADE');
    t.integer('chunk_number').notNullable();
    /** 1-based number of the chunk's first result row. */
    t.integer('first_row').notNullable();
    t.integer('row_count').notNullable();
    /** The chunk's CSV records, joined by newlines (a record may itself contain quoted newlines). */
    t.text('records').notNullable();
    t.primary(['execution_id', 'chunk_number']);
  });
  // Stored uncompressed: pglz on ~80 KB chunks costs more time than COPY itself (bench: ingest).
  await knex.raw('ALTER TABLE execution_results ALTER COLUMN records SET STORAGE EXTERNAL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('execution_results');
  await knex.schema.createTable('execution_results', (t) => {
    t.uuid('execution_id').notNullable().references('workflow_executions.id').onDelete('CASCADE');
    t.integer('row_number').notNullable();
    t.jsonb('data').notNullable();
    t.primary(['execution_id', 'row_number']);
  });
}
