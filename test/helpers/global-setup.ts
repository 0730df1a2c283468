/** Once per test run: Temporal, Postgres, migrations and the workflow bundle (see infra.ts). */
import { ensureWebBuild } from '../../scripts/build-web';
import { startInfra } from './infra';

declare global {
  var __recomampTeardown: (() => Promise<void>) | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // The console the browser tests drive (test/e2e/): web/dist, rebuilt only when web/ changed.
  ensureWebBuild();
  const infra = await startInfra({ databaseUrl: process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL });
  infra.exportToEnv();
  globalThis.__recomampTeardown = () => infra.teardown();
  console.log(
    `\n[global-setup] Temporal ${infra.temporalAddress}, Postgres ready, bundle built in ${Date.now() - started} ms`,
  );
}
