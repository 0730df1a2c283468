/**
 * Postgres for production: an embedded Postgres started with TLS on (a server certificate from a CA generated at
 * test time) whose pg_hba.conf refuses connections without TLS. The worker refuses to start on its empty schema
 * (processes never migrate), the migration step runs as its own process over TLS (sslmode=verify-full in
 * DATABASE_URL), then a worker (explicit DATABASE_SSL_* settings) and an API (sslmode in the URL) run an execution;
 * every connection they hold is encrypted (pg_stat_ssl). Plaintext and an untrusted server certificate are refused;
 * the statement timeout setting cancels a slow statement.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '../../db';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { TOPOLOGY_NAMESPACES } from '../helpers/infra';
import { findFreePort } from '../helpers/ports';
import { baseProcessEnv, startProcess } from '../helpers/processes';
import { createTestCa } from '../helpers/tls-certs';
import { startCluster, type Cluster } from './cluster';

let dir: string;
let server: ChildProcess | undefined;
let url: string;
let caFile: string;
let rogueCaFile: string;
let cluster: Cluster | undefined;
let db: Db | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-pg-tls-'));
  fs.chmodSync(dir, 0o755); // embedded Postgres runs as `postgres` when we are root
  const ca = createTestCa(path.join(dir, 'ca'));
  const cert = ca.serverCert('server', 'postgres.recomamp.test');
  rogueCaFile = createTestCa(path.join(dir, 'rogue'), 'Someone else').caCert;
  caFile = ca.caCert;
  const certDir = path.join(dir, 'server-tls');
  fs.mkdirSync(certDir, { mode: 0o755 });
  fs.copyFileSync(cert.cert, path.join(certDir, 'server.pem'));
  fs.copyFileSync(cert.key, path.join(certDir, 'server.key'));
  fs.chmodSync(path.join(certDir, 'server.key'), 0o600);
  if (process.getuid?.() === 0) {
    // Postgres reads its key only when the server's own user owns it.
    const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' })));
    for (const f of ['server.pem', 'server.key']) fs.chownSync(path.join(certDir, f), uid!, gid!);
  }
  const port = await findFreePort();
  server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, 'pg-tls-server.ts'),
      path.join(dir, 'pg'),
      String(port),
      path.join(dir, 'pg.log'),
      certDir,
    ],
    { cwd: path.join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server!.once('exit', (code) => reject(new Error(`postgres exited ${code}; see ${dir}/pg.log`)));
  });
  db = createDb({ url: tlsUrl(), statementTimeoutMs: 300, applicationName: 'recomamp-test' }, 2);
}, 120_000);

afterAll(async () => {
  await cluster?.close();
  await db?.destroy();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server!.once('exit', r));
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const tlsUrl = () => `${url}?sslmode=verify-full&sslrootcert=${caFile}`;

describe('Postgres over TLS', () => {
  test('when Postgres requires TLS, then plaintext and an untrusted certificate are refused and a statement timeout cancels', async () => {
    const attempt = async (settings: Parameters<typeof createDb>[0]) => {
      const probe = createDb(settings, 1);
      try {
        return await probe.raw('SELECT 1').then(
          () => 'ok',
          (err: Error) => err.message,
        );
      } finally {
        await probe.destroy();
      }
    };
    expect(await attempt(`${url}?sslmode=disable`)).toMatch(/pg_hba\.conf rejects connection .* no encryption/);
    expect(await attempt(`${url}?sslmode=verify-full&sslrootcert=${rogueCaFile}`)).toMatch(
      /self-signed|unable to verify/,
    );
    expect(await attempt(tlsUrl())).toBe('ok');

    const encrypted = await db!.raw('SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    expect(encrypted.rows[0]).toMatchObject({ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/) });
    await expect(db!.raw('SELECT pg_sleep(2)')).rejects.toThrow(/canceling statement due to statement timeout/);
  });

  test('when the worker starts before the migrations, it refuses; after the migration step, a worker and an API run an execution over TLS only', async () => {
    cluster = await startCluster({ namespace: TOPOLOGY_NAMESPACES.postgresTls, env: { DATABASE_URL: tlsUrl() } });

    const early = startProcess(
      'worker before migrations',
      'worker/main.ts',
      baseProcessEnv({ DATABASE_URL: tlsUrl() }),
    );
    expect((await early.exited).code).toBe(1);
    expect(early.output()).toMatch(/worker: The database schema is behind this release: \d+ migration\(s\) pending/);

    const migrate = startProcess('migrate', 'db/migrate.ts', baseProcessEnv({ DATABASE_URL: tlsUrl() }));
    expect((await migrate.exited).code).toBe(0);
    expect(migrate.output()).toContain('migrations applied');

    await cluster.startWorker({ DATABASE_URL: url, DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: caFile });
    const api = await cluster.startApi();
    const ws = await createWorkspace(api.url);
    const started = await call(api.url, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    expect(started.status).toBe(202);
    const execution = await waitForExecution(api.url, ws.token, started.body.executionId, undefined, 90_000);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.rowCount).toBeGreaterThan(0);

    const held = await db!.raw(
      `SELECT a.application_name AS app, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
       WHERE a.application_name IN ('recomamp-api', 'recomamp-worker')`,
    );
    const apps = new Set(held.rows.map((r: { app: string }) => r.app));
    expect(apps).toEqual(new Set(['recomamp-api', 'recomamp-worker']));
    expect(held.rows.every((r: { ssl: boolean }) => r.ssl)).toBe(true);
  }, 240_000);
});
