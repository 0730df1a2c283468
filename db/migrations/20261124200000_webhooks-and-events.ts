import type { Knex } from 'knex';

/**
 * Issue #8: webhooks (a user's URLs and the events they want), one row per delivery (its attempts, last error,
 * replay), and NOTIFY triggers that feed the API's Server-Sent Events:
 * - every execution status event → `recomamp_execution_events` `{id, status, amcStatus, detail, at}`;
 * - a collection's or one of its weeks' status change → `recomamp_collection_events` `{id}`.
 * NOTIFY is delivered at commit, so listeners never see a change that was rolled back.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhooks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('url').notNullable();
    t.specificType('events', 'text[]').notNullable();
    /** The signing secret, sealed like Amazon tokens (lib/token-sealing); shown once, at creation. */
    t.text('secret_sealed').notNullable();
    t.text('description');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.index(['user_id', 'created_at']);
  });
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('webhook_id').notNullable().references('webhooks.id').onDelete('CASCADE');
    t.text('event').notNullable();
    /** The execution or collection the event is about: one delivery per (webhook, event, subject). */
    t.uuid('subject_id').notNullable();
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('PENDING'); // PENDING | SUCCEEDED | FAILED
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('last_status_code');
    t.text('last_error');
    t.timestamp('next_attempt_at', { useTz: true });
    t.timestamp('delivered_at', { useTz: true });
    t.timestamps(true, true);
    t.unique(['webhook_id', 'event', 'subject_id']);
    t.index(['webhook_id', 'status', 'created_at']);
  });

  // Row-level security like the other tenant tables (migration 20261124100000), when that role exists.
  await knex.raw(`DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'recomamp_app') THEN
      ALTER TABLE webhooks ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON webhooks TO recomamp_app
        USING (user_id = recomamp_current_user_id()) WITH CHECK (user_id = recomamp_current_user_id());
      ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON webhook_deliveries TO recomamp_app
        USING (EXISTS (SELECT 1 FROM webhooks p WHERE p.id = webhook_deliveries.webhook_id))
        WITH CHECK (EXISTS (SELECT 1 FROM webhooks p WHERE p.id = webhook_deliveries.webhook_id));
    END IF;
  END $$`);

  await knex.raw(`
    CREATE FUNCTION recomamp_notify_execution_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('recomamp_execution_events', json_build_object(
        'id', NEW.execution_id, 'status', NEW.status, 'amcStatus', NEW.amc_status,
        'detail', NEW.detail, 'at', NEW.created_at)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER execution_status_events_notify AFTER INSERT ON execution_status_events
      FOR EACH ROW EXECUTE FUNCTION recomamp_notify_execution_event();

    CREATE FUNCTION recomamp_notify_collection_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- TG_ARGV[0] names the collection id column (id or collection_id) of the table the trigger is on.
      PERFORM pg_notify('recomamp_collection_events', json_build_object('id', to_jsonb(NEW) ->> TG_ARGV[0])::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER data_collections_notify AFTER UPDATE OF status ON data_collections
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION recomamp_notify_collection_event('id');
    CREATE TRIGGER collection_weeks_notify AFTER UPDATE OF status ON collection_weeks
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION recomamp_notify_collection_event('collection_id');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS collection_weeks_notify ON collection_weeks;
    DROP TRIGGER IF EXISTS data_collections_notify ON data_collections;
    DROP TRIGGER IF EXISTS execution_status_events_notify ON execution_status_events;
    DROP FUNCTION IF EXISTS recomamp_notify_collection_event();
    DROP FUNCTION IF EXISTS recomamp_notify_execution_event();
  `);
  await knex.schema.dropTableIfExists('webhook_deliveries');
  await knex.schema.dropTableIfExists('webhooks');
}
