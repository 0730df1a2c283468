/**
 * The API process: config → Postgres (schema must be current) + Temporal client → listen. On SIGINT/SIGTERM it
 * drains: /ready answers 503 (a load balancer stops sending new requests), no new connections are accepted, open
 * requests finish; streams still open after API_SHUTDOWN_GRACE_SECONDS are closed; then it exits.
 */
import http from 'node:http';
import { Client } from '@temporalio/client';
import { ConfigError, loadConfig } from '../config';
import { assertSchemaCurrent, createDb, DatabaseNotReadyError } from '../db';
import { createApp } from './app';
import { apiDbSettings, buildApiDeps } from './build-deps';
import { payloadDataConverter } from '../lib/payload-codec';
import { connectTemporalClient, TemporalConnectError } from '../temporal/connection';
import { ensureSearchAttributes } from '../temporal/search-attributes';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.db.url) throw new ConfigError('DATABASE_URL is required');
  const db = createDb(apiDbSettings(config));
  await assertSchemaCurrent(db).catch(async (err: unknown) => {
    await db.destroy();
    throw err;
  });
  const connection = await connectTemporalClient(config.temporal);
  // Payloads are encrypted (lib/payload-codec.ts); the search attributes our workflows set must exist first.
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: payloadDataConverter(config.observability.payloadKeys),
  });
  await ensureSearchAttributes(connection.operatorService, config.temporal.namespace);
  const deps = buildApiDeps(config, db, temporal);
  const app = createApp(deps);
  let draining = false;
  const server = http.createServer((req, res) => {
    if (draining && req.url === '/ready') {
      res.writeHead(503, { 'Content-Type': 'application/json', Connection: 'close' });
      return void res.end(JSON.stringify({ error: { code: 'NOT_READY', message: 'not ready: shutting down' } }));
    }
    app(req, res);
  });
  server.listen(config.api.port, config.api.host, () => {
    deps.logger.info(
      { url: `http://${config.api.host}:${config.api.port}`, temporal: config.temporal.description },
      'API listening',
    );
  });
  const stop = (signal: string) => {
    if (draining) return;
    draining = true;
    const started = Date.now();
    deps.logger.info({ signal, graceSeconds: config.shutdown.apiGraceSeconds }, 'API draining');
    const force = setTimeout(() => server.closeAllConnections(), config.shutdown.apiGraceSeconds * 1000);
    server.close(async () => {
      clearTimeout(force);
      await deps.observability.events.close();
      await connection.close();
      await db.destroy();
      await deps.repos.db.destroy();
      deps.logger.info({ drainMs: Date.now() - started }, 'API stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  // Configuration and connection problems are one clear line; anything else keeps its stack.
  const known =
    err instanceof ConfigError || err instanceof TemporalConnectError || err instanceof DatabaseNotReadyError;
  console.error(known ? `api: ${(err as Error).message}` : err);
  process.exit(1);
});
