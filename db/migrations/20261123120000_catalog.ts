import type { Knex } from 'knex';

/**
 * The catalog: AMC query templates, AMC data sources (tables) with their fields, and build guides. Shared by all
 * users and filled by catalog/seed.ts after every migration run (upserts by slug/name). Template usage is the
 * one per-user part: one row per saved query created from a template.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  const id = (t: Knex.CreateTableBuilder) => t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));

  await knex.schema.createTable('query_templates', (t) => {
    id(t);
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.text('category').notNullable().index();
    t.text('description').notNullable();
    t.text('sql_query').notNullable();
    t.jsonb('parameters').notNullable().defaultTo('{}');
    t.jsonb('example_parameters').notNullable().defaultTo('{}');
    t.jsonb('tags').notNullable().defaultTo('[]');
    t.jsonb('data_sources').notNullable().defaultTo('[]');
    t.timestamps(true, true);
  });

  await knex.schema.createTable('query_template_usages', (t) => {
    id(t);
    t.uuid('template_id').notNullable().references('query_templates.id').onDelete('CASCADE');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('workflow_id').references('workflows.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['template_id', 'user_id']);
  });

  await knex.schema.createTable('data_sources', (t) => {
    id(t);
    t.text('name').notNullable().unique();
    t.text('category').notNullable().index();
    t.text('description').notNullable();
    t.timestamps(true, true);
  });

  await knex.schema.createTable('data_source_fields', (t) => {
    id(t);
    t.uuid('data_source_id').notNullable().references('data_sources.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('data_type').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.text('aggregation_threshold');
    t.integer('position').notNullable();
    t.unique(['data_source_id', 'name']);
  });
  await knex.raw('CREATE INDEX data_source_fields_name_trgm ON data_source_fields USING gin (name gin_trgm_ops)');

  await knex.schema.createTable('build_guides', (t) => {
    id(t);
    t.text('slug').notNullable().unique();
    t.text('title').notNullable();
    t.text('category').notNullable();
    t.text('description').notNullable();
    t.jsonb('sections').notNullable().defaultTo('[]');
    t.timestamps(true, true);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'build_guides',
    'data_source_fields',
    'data_sources',
    'query_template_usages',
    'query_templates',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
