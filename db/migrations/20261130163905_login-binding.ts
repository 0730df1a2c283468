import type { Knex } from 'knex';

/**
 * Issue #17: a Login-with-Amazon `state` is bound to the client that started the login (the SHA-256 of the
 * HttpOnly cookie `GET /api/auth/amazon/login` set) and carries its PKCE code verifier, which stays on the server
 * (the app role cannot read this table). States from before have no binding and can no longer complete a login.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('oauth_states', (t) => {
    t.text('binding_hash');
    t.text('code_verifier');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('oauth_states', (t) => {
    t.dropColumn('code_verifier');
    t.dropColumn('binding_hash');
  });
}
