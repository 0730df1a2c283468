/**
 * The shared infrastructure of a test run (or a bench run): a real Temporal dev server (the binary
 * scripts/provision-temporal.sh finds or installs, through @temporalio/testing's existing-path option; the SDK's
 * own download when there is none), a real Postgres (DATABASE_URL, or a throwaway embedded one), migrations, and
 * one workflow bundle for every worker. `exportToEnv` publishes them to test files (RECOMAMP_TEST_*).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createDb, migrateLatest } from '../../db';
import { startLocalPostgres, type LocalPostgres } from '../../scripts/local-postgres';
import { findFreePort } from './ports';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';

/** The namespace test/build/built-processes.test.ts runs the compiled API and worker in. */
export const BUILT_NAMESPACE = 'recomamp-built';

/**
 * Namespaces of the tests that run the API and worker as processes (test/topology/): each process setup polls the
 * production task queue and keeps its token-refresh Schedule in a namespace of its own.
 */
export const TOPOLOGY_NAMESPACES = {
  mtls: 'recomamp-mtls',
  postgresTls: 'recomamp-pg-tls',
  scaleOut: 'recomamp-scale-out',
  shutdown: 'recomamp-shutdown',
} as const;

export interface Infra {
  temporalAddress: string;
  databaseUrl: string;
  workflowBundlePath: string;
  temporalCli: string | undefined;
  exportToEnv(): void;
  teardown(): Promise<void>;
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

export async function startInfra(opts: { databaseUrl?: string | undefined } = {}): Promise<Infra> {
  const cli = temporalCliPath();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ...(cli && { executable: { type: 'existing-path' as const, path: cli } }),
      // Namespaces of their own for the built processes (test/build) and the process tests (test/topology).
      extraArgs: [
        '--dynamic-config-value',
        'frontend.enableServerVersionCheck=false',
        ...[BUILT_NAMESPACE, ...Object.values(TOPOLOGY_NAMESPACES)].flatMap((ns) => ['--namespace', ns]),
      ],
      searchAttributes: SEARCH_ATTRIBUTE_KEYS,
    },
  });

  let localPg: LocalPostgres | undefined;
  let databaseUrl = opts.databaseUrl;
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
  const workflowBundlePath = path.join(os.tmpdir(), `recomamp-workflows-${process.pid}-${Date.now()}.js`);
  fs.writeFileSync(workflowBundlePath, code);

  const infra: Infra = {
    temporalAddress: env.connection.options.address,
    databaseUrl,
    workflowBundlePath,
    temporalCli: cli,
    exportToEnv() {
      process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS = infra.temporalAddress;
      process.env.RECOMAMP_TEST_DATABASE_URL = infra.databaseUrl;
      process.env.RECOMAMP_TEST_WORKFLOW_BUNDLE = infra.workflowBundlePath;
      process.env.RECOMAMP_TEST_TEMPORAL_CLI = infra.temporalCli ?? '';
    },
    async teardown() {
      await env.teardown();
      await localPg?.stop();
      fs.rmSync(workflowBundlePath, { force: true });
    },
  };
  return infra;
}
