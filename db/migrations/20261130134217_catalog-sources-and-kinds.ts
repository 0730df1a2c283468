/**
 * The full AMC catalog (issue 13): each data source records where its schema comes from, whether it is a paid
 * feature and which reporting table an audience twin mirrors; each field whether it is a metric or a dimension.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('data_sources', (t) => {
    t.text('source').notNullable().defaultTo('');
    t.boolean('paid').notNullable().defaultTo(false);
    t.text('audience_of');
  });
  await knex.schema.alterTable('data_source_fields', (t) => {
    t.text('kind');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('data_source_fields', (t) => {
    t.dropColumn('kind');
  });
  await knex.schema.alterTable('data_sources', (t) => {
    t.dropColumn('audience_of');
    t.dropColumn('paid');
    t.dropColumn('source');
  });
}
