/**
 * How settings become connections: Temporal through the SDK's environment configuration (@temporalio/envconfig:
 * TEMPORAL_* variables and TOML profiles), Postgres through db/connection.ts (libpq's sslmode words, explicit
 * settings, timeouts). The files here are placeholders: these tests check what is read and passed on, the TLS
 * tests (test/topology/) check real handshakes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../config';
import { pgClientConfig } from '../../db/connection';

let dir: string;
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-settings-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Temporal connection settings', () => {
  test('when nothing is set, then the local dev server on 127.0.0.1:7233, plaintext, namespace default', () => {
    const { temporal } = loadConfig({});
    expect(temporal.connection).toEqual({ address: '127.0.0.1:7233' });
    expect(temporal.namespace).toBe('default');
    expect(temporal.description).toContain('plaintext');
  });

  test('when TEMPORAL_TLS_* name a CA, a client certificate and a server name, then mutual TLS with their contents', () => {
    const { temporal } = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'recomamp-prod',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_CLIENT_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_CLIENT_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example',
    });
    expect(temporal.address).toBe('temporal.internal:7233');
    expect(temporal.namespace).toBe('recomamp-prod');
    const tls = temporal.connection.tls as Exclude<typeof temporal.connection.tls, boolean | undefined>;
    expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe('CA');
    expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe('CERT');
    expect(Buffer.from(tls.clientCertPair!.key).toString()).toBe('KEY');
    expect(tls.serverNameOverride).toBe('temporal.example');
    expect(temporal.description).toContain('mutual TLS');
    expect(temporal.description).not.toContain('KEY');
  });

  test('when TEMPORAL_API_KEY is set (Temporal Cloud), then TLS is on and the key is sent, never described', () => {
    const { temporal } = loadConfig({
      TEMPORAL_ADDRESS: 'us-east-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'recomamp.a1b2c',
      TEMPORAL_API_KEY: 'secret-api-key',
    });
    expect(temporal.connection).toMatchObject({ tls: true, apiKey: 'secret-api-key' });
    expect(temporal.description).toContain('API key');
    expect(temporal.description).not.toContain('secret-api-key');
  });

  test('when a profile file is named, then its profile is used and environment variables override it', () => {
    const toml = file(
      'temporal.toml',
      [
        '[profile.default]',
        'address = "default.internal:7233"',
        '[profile.prod]',
        'address = "prod.internal:7233"',
        'namespace = "recomamp-prod"',
        '[profile.prod.tls]',
        `server_ca_cert_path = "${file('prod-ca.pem', 'PROD CA')}"`,
        'server_name = "temporal.prod"',
      ].join('\n'),
    );
    const prod = loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'prod' }).temporal;
    expect(prod.address).toBe('prod.internal:7233');
    expect(prod.namespace).toBe('recomamp-prod');
    expect(prod.connection.tls).toMatchObject({ serverNameOverride: 'temporal.prod' });
    expect(prod.description).toContain('profile prod');
    const overridden = loadConfig({
      TEMPORAL_CONFIG_FILE: toml,
      TEMPORAL_PROFILE: 'prod',
      TEMPORAL_ADDRESS: 'elsewhere:7233',
    }).temporal;
    expect(overridden.address).toBe('elsewhere:7233');
    expect(loadConfig({ TEMPORAL_CONFIG_FILE: toml }).temporal.address).toBe('default.internal:7233');
  });

  test('when the settings cannot work, then startup stops with a ConfigError saying why', () => {
    const toml = file('other.toml', '[profile.default]\naddress = "x:7233"\n');
    expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: toml, TEMPORAL_PROFILE: 'staging' })).toThrow(
      /Profile 'staging' not found/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS_CLIENT_CERT_PATH: file('lonely.pem', 'CERT') })).toThrow(
      /client certificate needs its key/,
    );
    expect(() =>
      loadConfig({
        TEMPORAL_TLS_CLIENT_CERT_PATH: path.join(dir, 'missing.pem'),
        TEMPORAL_TLS_CLIENT_KEY_PATH: file('k.key', 'KEY'),
      }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ WORKER_SHUTDOWN_GRACE_SECONDS: '60', WORKER_SHUTDOWN_FORCE_SECONDS: '30' })).toThrow(
      /WORKER_SHUTDOWN_FORCE_SECONDS must exceed/,
    );
  });
});

describe('Postgres connection settings', () => {
  const url = 'postgres://app:p%40ss@db.internal:5432/recomamp';

  test('when sslmode and sslrootcert are in DATABASE_URL, then they become TLS options and leave the URL', () => {
    const ca = file('pg-ca.pem', 'PG CA');
    const c = pgClientConfig(`${url}?sslmode=verify-full&sslrootcert=${ca}&application_name=x`);
    expect(c.connectionString).toBe(`${url}?application_name=x`);
    expect(c.ssl).toEqual({ ca: 'PG CA', rejectUnauthorized: true });
  });

  test("when sslmode is require or verify-ca, then libpq's meaning, not node-postgres' verify-full", () => {
    expect(pgClientConfig(`${url}?sslmode=require`).ssl).toEqual({ rejectUnauthorized: false });
    const verifyCa = pgClientConfig(`${url}?sslmode=verify-ca&sslrootcert=${file('ca2.pem', 'CA2')}`).ssl as {
      checkServerIdentity: () => undefined;
    };
    expect(verifyCa).toMatchObject({ ca: 'CA2', rejectUnauthorized: true });
    expect(verifyCa.checkServerIdentity()).toBeUndefined(); // any host name, as libpq's verify-ca
    expect(pgClientConfig(`${url}?sslmode=disable`).ssl).toBe(false);
  });

  test('when explicit settings are given, then they win over the URL; timeouts and the application name pass through', () => {
    const c = pgClientConfig({
      url: `${url}?sslmode=disable`,
      ssl: { mode: 'verify-full', caFile: file('ca3.pem', 'CA3') },
      statementTimeoutMs: 5000,
      connectTimeoutMs: 2000,
      applicationName: 'recomamp-worker',
    });
    expect(c).toMatchObject({
      connectionString: url,
      ssl: { ca: 'CA3', rejectUnauthorized: true },
      statement_timeout: 5000,
      connectionTimeoutMillis: 2000,
      application_name: 'recomamp-worker',
    });
    const viaConfig = loadConfig({ DATABASE_URL: url, DATABASE_SSL_MODE: 'require', DB_STATEMENT_TIMEOUT_MS: '0' });
    expect(pgClientConfig({ ...viaConfig.db, url }).ssl).toEqual({ rejectUnauthorized: false });
    expect(viaConfig.db.statementTimeoutMs).toBe(0);
  });

  test('when the settings cannot work, then creating the pool fails saying why', () => {
    expect(() => pgClientConfig(`${url}?sslmode=prefer`)).toThrow(/sslmode=prefer is not supported/);
    expect(() => pgClientConfig(`${url}?sslmode=verify-full&sslrootcert=/nowhere/ca.pem`)).toThrow(
      /Cannot read the Postgres CA file \/nowhere\/ca.pem: ENOENT/,
    );
    expect(() => loadConfig({ DATABASE_SSL_MODE: 'prefer' })).toThrow(/DATABASE_SSL_MODE/);
  });
});
