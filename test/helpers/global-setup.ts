/**
 * Once per test run: a real Temporal dev server (the binary scripts/provision-temporal.sh finds or installs,
 * through @temporalio/testing's existing-path option; the SDK's own download when there is none), a real
 * Postgres (DATABASE_URL, or a throwaway embedded one), migrations, and one workflow bundle for every worker.
 * Test files find them through the environment variables set here.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createDb, migrateLatest } from '../../db';
import { startLocalPostgres, type LocalPostgres } from '../../lib/local-postgres';
import { findFreePort } from './ports';

declare global {
  // eslint-disable-next-line no-var
  var __recomampTeardown: (() => Promise<void>) | undefined;
}

function temporalCliPath(): string | undefined {
  try {
    const out = execFileSync('bash', [path.join(__dirname, '../../scripts/provision-temporal.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
    return out || undefined;
  } catch {
    return undefined; // exit 3: no binary; the SDK downloads one (internet-connected machines)
  }
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const cli = temporalCliPath();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli && { executable: { type: 'existing-path' as const, path: cli } }),
      extraArgs: ['--dynamic-config-value', 'frontend.enableServerVersionCheck=false'],
    },
  });

  let localPg: LocalPostgres | undefined;
  let databaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    localPg = await startLocalPostgres({
      dataDir: path.join(os.tmpdir(), `recomamp-test-pg-${process.pid}-${Date.now()}`),
      port: await findFreePort(),
      database: 'recomamp_test',
      logFile: path.join(os.tmpdir(), `recomamp-test-pg-${process.pid}.log`),
      ephemeral: true,
    });
    databaseUrl = localPg.url;
  }
  const db = createDb(databaseUrl);
  await migrateLatest(db);
  await db.destroy();

  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
  });
  const bundlePath = path.join(os.tmpdir(), `recomamp-workflows-${process.pid}.js`);
  fs.writeFileSync(bundlePath, code);

  process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS = env.connection.options.address;
  process.env.RECOMAMP_TEST_DATABASE_URL = databaseUrl;
  process.env.RECOMAMP_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.RECOMAMP_TEST_TEMPORAL_CLI = cli ?? '';

  globalThis.__recomampTeardown = async () => {
    await env.teardown();
    await localPg?.stop();
    fs.rmSync(bundlePath, { force: true });
  };
  console.log(`\n[global-setup] Temporal ${env.connection.options.address}, Postgres ready, bundle built in ${Date.now() - started} ms`);
}
