import type { Knex } from 'knex';

/**
 * Issue #17: tenancy fails closed.
 * - `execution_status_events` carries its execution's owner (`user_id`, filled from the execution by a BEFORE
 *   trigger when the writer leaves it out, and kept equal to it by a foreign key on (execution_id, user_id)), so its
 *   policy checks ownership on write like every other tenant table. It used to be `WITH CHECK (true)`: an
 *   execution's first event is inserted in the same statement as the execution, whose row an EXISTS subquery in
 *   that statement cannot see yet; a column on the row itself has no such problem.
 * - The cross-tenant AMC tables (quota tickets, circuit breakers) are written only by the system connection the
 *   worker uses; the API's app role may read them (queue positions, an instance's circuit) but not write them.
 * - `amc_instances.amc_verified_at`: when AMC last accepted a call for this instance with its owner's token. Only a
 *   verified instance shares AMC's quota and circuit with other users of the same AMC instance; an unverified one
 *   (an id typed at registration that AMC never confirmed) is gated and guarded on its own, so a tenant cannot
 *   queue work on, or open the breaker of, an AMC instance that is not theirs (db/amc-instances.ts).
 */

const APP_ROLE = 'recomamp_app';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE execution_status_events ADD COLUMN user_id uuid`);
  await knex.raw(
    `UPDATE execution_status_events e SET user_id = x.user_id FROM executions x WHERE x.id = e.execution_id`,
  );
  await knex.raw(`ALTER TABLE execution_status_events ALTER COLUMN user_id SET NOT NULL`);
  await knex.raw(`ALTER TABLE executions ADD CONSTRAINT executions_id_user_id_unique UNIQUE (id, user_id)`);
  await knex.raw(`ALTER TABLE execution_status_events ADD CONSTRAINT execution_status_events_owner_foreign
    FOREIGN KEY (execution_id, user_id) REFERENCES executions (id, user_id) ON DELETE CASCADE`);
  await knex.raw(`CREATE FUNCTION recomamp_fill_event_owner() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.user_id IS NULL THEN
        NEW.user_id := (SELECT user_id FROM executions WHERE id = NEW.execution_id);
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`CREATE TRIGGER execution_status_events_owner BEFORE INSERT ON execution_status_events
    FOR EACH ROW EXECUTE FUNCTION recomamp_fill_event_owner()`);
  await knex.raw(`DROP POLICY IF EXISTS tenant_isolation ON execution_status_events`);
  await knex.raw(`CREATE POLICY tenant_isolation ON execution_status_events TO ${APP_ROLE}
    USING (user_id = recomamp_current_user_id()) WITH CHECK (user_id = recomamp_current_user_id())`);

  await knex.raw(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON amc_quota_tickets, amc_circuit_breakers FROM ${APP_ROLE}`);

  await knex.raw(`ALTER TABLE amc_instances ADD COLUMN amc_verified_at timestamptz`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE amc_instances DROP COLUMN amc_verified_at`);
  await knex.raw(`GRANT INSERT, UPDATE, DELETE ON amc_quota_tickets, amc_circuit_breakers TO ${APP_ROLE}`);
  await knex.raw(`DROP POLICY IF EXISTS tenant_isolation ON execution_status_events`);
  await knex.raw(`CREATE POLICY tenant_isolation ON execution_status_events TO ${APP_ROLE}
    USING (EXISTS (SELECT 1 FROM executions p WHERE p.id = execution_status_events.execution_id)) WITH CHECK (true)`);
  await knex.raw(`DROP TRIGGER IF EXISTS execution_status_events_owner ON execution_status_events`);
  await knex.raw(`DROP FUNCTION IF EXISTS recomamp_fill_event_owner()`);
  await knex.raw(`ALTER TABLE execution_status_events DROP CONSTRAINT execution_status_events_owner_foreign`);
  await knex.raw(`ALTER TABLE executions DROP CONSTRAINT executions_id_user_id_unique`);
  await knex.raw(`ALTER TABLE execution_status_events DROP COLUMN user_id`);
}
