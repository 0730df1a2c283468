import type { Knex } from 'knex';

/**
 * The seed's schema: UUID keys everywhere; `amc_instances.instance_id` is AMC's own string id ("amc…"),
 * while every foreign key named `instance_id` elsewhere is the UUID of our amc_instances row.
 * `amc_accounts.account_id` is AMC's entity id (ENTITY…), sent as the AdvertiserId header.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  const id = (t: Knex.CreateTableBuilder) => t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));

  await knex.schema.createTable('users', (t) => {
    id(t);
    t.text('amazon_user_id').notNullable().unique();
    t.text('email');
    t.text('name');
    t.text('amazon_access_token_sealed');
    t.text('amazon_refresh_token_sealed');
    t.timestamp('amazon_token_expires_at', { useTz: true });
    t.text('amazon_connection_status').notNullable().defaultTo('connected');
    t.text('amazon_token_error');
    t.timestamps(true, true);
  });

  await knex.schema.createTable('refresh_tokens', (t) => {
    id(t);
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.uuid('family_id').notNullable().index();
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('oauth_states', (t) => {
    t.text('state').primary();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('amc_accounts', (t) => {
    id(t);
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.text('account_id').notNullable();
    t.text('account_name');
    t.text('marketplace_id');
    t.text('region').notNullable().defaultTo('NA');
    t.timestamps(true, true);
    t.unique(['user_id', 'account_id']);
  });

  await knex.schema.createTable('amc_instances', (t) => {
    id(t);
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.uuid('account_id').notNullable().references('amc_accounts.id').onDelete('CASCADE').index();
    t.text('instance_id').notNullable();
    t.text('instance_name').notNullable();
    t.text('region').notNullable().defaultTo('NA');
    t.text('instance_type');
    t.timestamps(true, true);
    t.unique(['user_id', 'instance_id']);
  });

  await knex.schema.createTable('workflows', (t) => {
    id(t);
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE').index();
    t.uuid('instance_id').notNullable().references('amc_instances.id').onDelete('CASCADE').index();
    t.text('name').notNullable();
    t.text('description');
    t.text('sql_query').notNullable();
    t.jsonb('parameters').notNullable().defaultTo('{}');
    t.jsonb('tags').notNullable().defaultTo('[]');
    t.text('amc_workflow_id');
    t.timestamps(true, true);
  });

  await knex.schema.createTable('workflow_executions', (t) => {
    id(t);
    t.uuid('workflow_id').notNullable().references('workflows.id').onDelete('CASCADE').index();
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.uuid('instance_id').notNullable().references('amc_instances.id').onDelete('CASCADE').index();
    t.text('status').notNullable().index();
    t.text('amc_status');
    t.text('amc_execution_id');
    t.text('amc_workflow_id').notNullable();
    t.timestamp('time_window_start', { useTz: true }).notNullable();
    t.timestamp('time_window_end', { useTz: true }).notNullable();
    t.text('time_window_time_zone').notNullable().defaultTo('UTC');
    t.jsonb('parameters').notNullable().defaultTo('{}');
    t.text('sql_query').notNullable();
    t.text('idempotency_key');
    t.text('temporal_workflow_id').notNullable();
    t.text('error_code');
    t.text('error_message');
    t.integer('error_line');
    t.integer('error_column');
    t.bigInteger('row_count');
    t.jsonb('result_columns');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'created_at']);
  });
  await knex.raw(
    'CREATE UNIQUE INDEX workflow_executions_idempotency ON workflow_executions (workflow_id, idempotency_key) ' +
      'WHERE idempotency_key IS NOT NULL',
  );

  await knex.schema.createTable('execution_status_events', (t) => {
    t.bigIncrements('id');
    t.uuid('execution_id').notNullable().references('workflow_executions.id').onDelete('CASCADE').index();
    t.text('status').notNullable();
    t.text('amc_status');
    t.text('detail');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('execution_results', (t) => {
    t.uuid('execution_id').notNullable().references('workflow_executions.id').onDelete('CASCADE');
    t.integer('row_number').notNullable();
    t.jsonb('data').notNullable();
    t.primary(['execution_id', 'row_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'execution_results',
    'execution_status_events',
    'workflow_executions',
    'workflows',
    'amc_instances',
    'amc_accounts',
    'oauth_states',
    'refresh_tokens',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
