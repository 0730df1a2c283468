/**
 * Rolling in a new sealing key. Stored Amazon tokens keep opening and are re-sealed lazily on use; and end to end,
 * on a database of its own: the one re-seal command (npm run secrets:reseal) moves every sealed secret — Amazon
 * tokens and webhook signing secrets — to the new key, reports counts and re-seals nothing the second time; with
 * the old key dropped, executions still reach AMC and a webhook is still delivered, signed with the same secret.
 * Every `*_sealed` column of the schema must be in the command's registry (db/sealed-secrets.ts).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../config';
import { createSimulator } from '../../amc/simulator';
import { createDb, createRepositories, migrateLatest } from '../../db';
import { SEALED_COLUMNS } from '../../db/sealed-secrets';
import { createAmazonTokenService } from '../../amazon/tokens';
import { open, parseKeyring } from '../../lib/token-sealing';
import { verifyWebhookSignature } from '../../lib/webhook-signature';
import { call, waitForExecution } from '../helpers/api-client';
import { uniqueSimUser, createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

const ROOT = path.join(__dirname, '../..');
const newKey = `v9:${randomBytes(32).toString('base64')}`;

describe('lazy re-seal', () => {
  let stack: Stack;
  let lazy: Workspace;
  beforeAll(async () => {
    stack = await startStack({ noWorker: true });
    lazy = await createWorkspace(stack.apiUrl, { simUser: uniqueSimUser('rot-a') });
  });
  afterAll(() => stack?.close());

  test('when a new key is first in the list, then old tokens still open and are re-sealed under it when used', async () => {
    const service = createAmazonTokenService({
      db: stack.db,
      users: createRepositories(stack.db).users,
      lwa: stack.deps.lwa,
      keyring: parseKeyring(`${newKey},${stack.config.auth.sealingKeys}`),
      refreshBufferSeconds: 60, // the simulator's tokens live an hour: no refresh, only the re-seal is exercised
    });
    const row = () => stack.db('users').where({ id: lazy.session.user.id }).first();
    const before = await row();
    expect(before.amazon_access_token_sealed).toMatch(/^v1:/);
    const token = await service.getAccessToken(lazy.session.user.id);
    const after = await row();
    expect(after.amazon_access_token_sealed).toMatch(/^v9:/);
    expect(after.amazon_refresh_token_sealed).toMatch(/^v9:/);
    expect(open(parseKeyring(newKey), after.amazon_access_token_sealed)).toBe(token);
    expect(after.amazon_token_expires_at).toEqual(before.amazon_token_expires_at); // same token, same expiry
  });

  test('when the schema is read, then every *_sealed column is in the re-seal registry', async () => {
    const { rows } = (await stack.db.raw(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name LIKE '%\\_sealed'`,
    )) as { rows: { table_name: string; column_name: string }[] };
    const inSchema = rows.map((r) => `${r.table_name}.${r.column_name}`).sort();
    const registered = SEALED_COLUMNS.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)).sort();
    expect(inSchema).toEqual(registered);
  });
});

/** A webhook receiver on loopback that records what it got. */
async function startReceiver() {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `npm run secrets:reseal` against `databaseUrl` with `keys`: its report, by `table.column`. */
async function runResealCommand(databaseUrl: string, keys: string): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(ROOT, 'scripts/reseal-secrets.ts')],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, TOKEN_SEALING_KEYS: keys, NODE_ENV: 'test' } },
  );
  const counts: Record<string, number> = {};
  for (const m of stdout.matchAll(/^(\w+\.\w+): (\d+) re-sealed under key v9$/gm)) counts[m[1]!] = Number(m[2]);
  return counts;
}

describe('rotation end to end', () => {
  const dbName = `recomamp_rotation_${randomBytes(4).toString('hex')}`;
  const admin = () => createDb(process.env.RECOMAMP_TEST_DATABASE_URL!, 1);
  let databaseUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // One simulator for both stacks: its Amazon users and tokens outlive the first stack.
  const sim = createSimulator({ executionSeconds: 1, pendingSeconds: 0.2 });
  let simUrl: string;

  beforeAll(async () => {
    // A database of its own: the command re-seals every row, and the shared test database is other files' too.
    const db = admin();
    await db.raw(`CREATE DATABASE ${dbName}`);
    await db.destroy();
    const url = new URL(process.env.RECOMAMP_TEST_DATABASE_URL!);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    const own = createDb(databaseUrl, 1);
    await migrateLatest(own);
    await own.destroy();
    receiver = await startReceiver();
    simUrl = (await sim.listen(0)).url;
  });
  afterAll(async () => {
    await receiver?.close();
    await sim.close();
    const db = admin();
    await db.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await db.destroy();
  });

  test('when the keys are rotated and re-sealed, then with the old key gone executions and webhooks still work', async () => {
    const env = (keys?: string): Record<string, string> => ({
      DATABASE_URL: databaseUrl,
      WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true', // the receiver is on loopback (tests only)
      ...(keys && { TOKEN_SEALING_KEYS: keys }),
    });
    const shared = { sharedSimulator: { sim, url: simUrl } };
    const before = await startStack({ env: env(), ...shared });
    const { ws, secret, hookId } = await (async () => {
      try {
        const w = await createWorkspace(before.apiUrl, { simUser: uniqueSimUser('rotate') });
        const hook = await call(before.apiUrl, 'POST', '/api/webhooks', {
          token: w.token,
          body: { url: receiver.url, events: ['execution.succeeded'] },
        });
        expect(hook.status).toBe(201);
        return { ws: w, secret: hook.body.secret as string, hookId: hook.body.id as string };
      } finally {
        await before.close();
      }
    })();
    const sealedUnder = async (version: string) => {
      const db = createDb(databaseUrl, 1);
      try {
        const values: string[] = [];
        for (const { table, columns } of SEALED_COLUMNS) {
          for (const row of await db(table).select(columns)) {
            values.push(...columns.map((c) => row[c] as string | null).filter((v): v is string => !!v));
          }
        }
        return values.length > 0 && values.every((v) => v.startsWith(`${version}:`));
      } finally {
        await db.destroy();
      }
    };
    expect(await sealedUnder('v1')).toBe(true);

    // The new key first, the old one kept: the command moves everything to the new key, and is idempotent.
    const rotating = `${newKey},${loadConfig({}).auth.sealingKeys}`;
    expect(await runResealCommand(databaseUrl, rotating)).toEqual({
      'users.amazon_access_token_sealed': 1,
      'users.amazon_refresh_token_sealed': 1,
      'webhooks.secret_sealed': 1,
    });
    expect(await runResealCommand(databaseUrl, rotating)).toEqual({
      'users.amazon_access_token_sealed': 0,
      'users.amazon_refresh_token_sealed': 0,
      'webhooks.secret_sealed': 0,
    });
    expect(await sealedUnder('v9')).toBe(true);

    // The old key dropped: AMC is reached with the re-sealed Amazon token, the webhook signed with the same secret.
    const after = await startStack({ env: env(newKey), ...shared });
    try {
      const started = await call(after.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: {},
      });
      expect(started.status).toBe(202);
      const execution = await waitForExecution(after.apiUrl, ws.token, started.body.executionId);
      expect(execution.status).toBe('SUCCEEDED');
      let delivery: any;
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && delivery?.status !== 'SUCCEEDED';) {
        const res = await call(after.apiUrl, 'GET', `/api/webhooks/${hookId}/deliveries`, { token: ws.token });
        delivery = res.body.items[0];
        if (delivery?.status !== 'SUCCEEDED') await new Promise((r) => setTimeout(r, 200));
      }
      expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
      const got = receiver.received.find((r) => r.headers['x-recomamp-delivery'] === delivery.id)!;
      expect(verifyWebhookSignature(secret, got.body, got.headers['x-recomamp-signature'] as string).ok).toBe(true);
    } finally {
      await after.close();
    }
  });
});
