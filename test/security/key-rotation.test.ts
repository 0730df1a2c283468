/**
 * Rolling in a new sealing key: stored tokens keep opening, are re-sealed lazily on use, and the one-off
 * re-seal (npm run tokens:reseal → resealAll) moves every remaining one to the new key, so the old key can go.
 */
import { randomBytes } from 'node:crypto';
import { createRepositories } from '../../db';
import { createAmazonTokenService } from '../../amazon/tokens';
import { open, parseKeyring } from '../../lib/token-sealing';
import { uniqueSimUser, createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let lazy: Workspace;
let batch: Workspace;
const newKey = `v9:${randomBytes(32).toString('base64')}`;

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  [lazy, batch] = await Promise.all([
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('rot-a') }),
    createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('rot-b') }),
  ]);
});
afterAll(() => stack?.close());

const rotated = () => parseKeyring(`${newKey},${stack.config.auth.sealingKeys}`);
const service = () =>
  createAmazonTokenService({
    db: stack.db,
    users: createRepositories(stack.db).users,
    lwa: stack.deps.lwa,
    keyring: rotated(),
    refreshBufferSeconds: 60, // the simulator's tokens live an hour: no refresh, only the re-seal is exercised
  });
const row = (w: Workspace) => stack.db('users').where({ id: w.session.user.id }).first();

test('when a new key is first in the list, then old tokens still open and are re-sealed under it when used', async () => {
  const before = await row(lazy);
  expect(before.amazon_access_token_sealed).toMatch(/^v1:/);
  const token = await service().getAccessToken(lazy.session.user.id);
  const after = await row(lazy);
  expect(after.amazon_access_token_sealed).toMatch(/^v9:/);
  expect(after.amazon_refresh_token_sealed).toMatch(/^v9:/);
  expect(open(parseKeyring(newKey), after.amazon_access_token_sealed)).toBe(token);
  expect(after.amazon_token_expires_at).toEqual(before.amazon_token_expires_at); // same token, same expiry
});

test('when the re-seal command runs, then every stored token is under the new key and the old key can be dropped', async () => {
  expect((await row(batch)).amazon_refresh_token_sealed).toMatch(/^v1:/);
  // Scoped to this file's users: other test files share the database and still use the old key.
  expect(await service().resealAll([lazy.session.user.id, batch.session.user.id])).toBe(1);
  const after = await row(batch);
  const onlyNew = parseKeyring(newKey);
  expect(open(onlyNew, after.amazon_access_token_sealed)).toMatch(/^Atza\|/);
  expect(open(onlyNew, after.amazon_refresh_token_sealed)).toMatch(/^Atzr\|/);
  expect(await service().resealAll([batch.session.user.id])).toBe(0); // idempotent
});
