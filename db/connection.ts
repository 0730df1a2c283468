/**
 * How every Postgres connection RecomAMP opens is set up (the owner pool, the API's tenant pool and its LISTEN
 * connection, migrations): TLS, timeouts and the application name that pg_stat_activity shows.
 *
 * TLS follows libpq's sslmode words, from DATABASE_URL (`?sslmode=verify-full&sslrootcert=/ca.pem`, `sslcert`,
 * `sslkey`) or from explicit settings (DATABASE_SSL_MODE, DATABASE_SSL_CA_FILE, …), which win. The SSL parameters
 * are taken out of the URL and turned into node-postgres' `ssl` option here, because node-postgres reads
 * `sslmode=require` as verify-full (and warns), unlike libpq:
 * - disable: no TLS.
 * - require: TLS, the server's certificate not checked (with a CA file: checked like verify-ca, as libpq does).
 * - verify-ca: TLS, the certificate must chain to the CA (the file, else the system's CAs); any host name.
 * - verify-full: verify-ca and the certificate must name the host in the URL.
 * A CA file without a mode means verify-full. Files are read when the pool is created, so a missing one stops
 * the process at startup.
 */
import fs from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { ClientConfig } from 'pg';

export type DbSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';
const SSL_MODES: readonly string[] = ['disable', 'require', 'verify-ca', 'verify-full'];

export interface DbSslSettings {
  mode?: DbSslMode;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface DbSettings {
  url: string;
  ssl?: DbSslSettings;
  poolMin?: number;
  poolMax?: number;
  /** Postgres cancels statements running longer (0 = no limit). */
  statementTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity: which kind of process holds a connection (recomamp-api, recomamp-worker, …). */
  applicationName?: string;
}

/** URL parameters that mean TLS (libpq's, and node-postgres' own `ssl`/`uselibpqcompat`). */
const URL_SSL_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl', 'uselibpqcompat'];

function readFile(path: string, what: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      cause: err,
    });
  }
}

/** The URL without its TLS parameters, and those parameters as settings. */
function splitUrl(raw: string): { url: string; ssl: DbSslSettings } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: raw, ssl: {} }; // not a URL node can parse (e.g. a bare socket path): node-postgres reads it as is
  }
  if (!URL_SSL_PARAMS.some((p) => url.searchParams.has(p))) return { url: raw, ssl: {} };
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const mode = param('sslmode');
  if (mode !== undefined && !SSL_MODES.includes(mode)) {
    throw new Error(`DATABASE_URL sslmode=${mode} is not supported: use disable, require, verify-ca or verify-full`);
  }
  const ssl: DbSslSettings = {};
  if (mode) ssl.mode = mode as DbSslMode;
  if (param('sslrootcert')) ssl.caFile = param('sslrootcert')!;
  if (param('sslcert')) ssl.certFile = param('sslcert')!;
  if (param('sslkey')) ssl.keyFile = param('sslkey')!;
  if (!ssl.mode && ['true', '1'].includes(param('ssl') ?? '')) ssl.mode = 'verify-full';
  for (const p of URL_SSL_PARAMS) url.searchParams.delete(p);
  return { url: url.toString(), ssl };
}

/** node-postgres' `ssl` option for these settings; undefined = node-postgres' default (no TLS unless PGSSLMODE). */
export function pgSslOption(ssl: DbSslSettings): false | ConnectionOptions | undefined {
  const mode = ssl.mode ?? (ssl.caFile ? 'verify-full' : ssl.certFile ? 'require' : undefined);
  if (mode === undefined) return undefined;
  if (mode === 'disable') return false;
  if (Boolean(ssl.certFile) !== Boolean(ssl.keyFile)) {
    throw new Error('A Postgres client certificate needs its key (DATABASE_SSL_CERT_FILE with DATABASE_SSL_KEY_FILE)');
  }
  const options: ConnectionOptions = {};
  if (ssl.caFile) options.ca = readFile(ssl.caFile, 'the Postgres CA file');
  if (ssl.certFile) options.cert = readFile(ssl.certFile, 'the Postgres client certificate');
  if (ssl.keyFile) options.key = readFile(ssl.keyFile, 'the Postgres client key');
  const effective = mode === 'require' && ssl.caFile ? 'verify-ca' : mode;
  if (effective === 'require') return { ...options, rejectUnauthorized: false };
  if (effective === 'verify-ca') return { ...options, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { ...options, rejectUnauthorized: true };
}

/** The node-postgres client configuration for these settings (knex passes it to every pooled connection). */
export function pgClientConfig(settings: DbSettings | string): ClientConfig {
  const s = typeof settings === 'string' ? { url: settings } : settings;
  const { url, ssl: fromUrl } = splitUrl(s.url);
  const ssl = pgSslOption({ ...fromUrl, ...definedOnly(s.ssl ?? {}) });
  return {
    connectionString: url,
    ...(ssl !== undefined && { ssl }),
    ...(s.statementTimeoutMs !== undefined && { statement_timeout: s.statementTimeoutMs }),
    ...(s.connectTimeoutMs !== undefined && { connectionTimeoutMillis: s.connectTimeoutMs }),
    ...(s.applicationName && { application_name: s.applicationName }),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
