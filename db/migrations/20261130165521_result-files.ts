import type { Knex } from 'knex';

/**
 * Issue 15 #1: a large result is stored file by file, each file in its own transaction, so a download that is
 * interrupted resumes from the first file not stored yet. execution_results.file_number says which of AMC's
 * result files a chunk came from (0 for results stored before, which were one file).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('execution_results', (t) => {
    t.integer('file_number').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('execution_results', (t) => {
    t.dropColumn('file_number');
  });
}
