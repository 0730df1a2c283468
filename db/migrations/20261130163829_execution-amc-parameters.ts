/**
 * Issue 13: an execution whose SQL uses AMC-native `CUSTOM_PARAMETER('x')` sends AMC the parameters' declarations
 * and values with the ad-hoc workflow (inputParameters + parameterValues). The row keeps them as sent, next to
 * `sql_query`, so a retried or resumed submit sends exactly the same request. NULL when the SQL uses none.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => {
    t.jsonb('amc_parameters');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('executions', (t) => {
    t.dropColumn('amc_parameters');
  });
}
