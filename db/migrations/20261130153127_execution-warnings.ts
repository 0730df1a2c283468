import type { Knex } from 'knex';

/**
 * Issue 16 finding 2: an execution that ran although something about it deserves a remark (its window ends inside
 * AMC's data lag) carries the remark: `warnings`, a JSON array of {code, message, …} (lib/time-window.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => {
    t.jsonb('warnings').notNullable().defaultTo('[]');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => {
    t.dropColumn('warnings');
  });
}
