/** `npm run simulator`: the AMC + Login-with-Amazon simulator on config.simulator.port. */
import { loadConfig } from '../../config';
import { createSimulator } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const simulator = createSimulator({
    executionSeconds: config.simulator.executionSeconds,
    pendingSeconds: config.simulator.pendingSeconds,
    accessTokenTtlSeconds: config.simulator.accessTokenTtlSeconds,
    concurrencyLimit: config.simulator.concurrencyLimit,
    clientId: config.amazon.clientId,
    clientSecret: config.amazon.clientSecret,
    ...(config.simulator.publicUrl && { publicBaseUrl: config.simulator.publicUrl }),
  });
  const { url } = await simulator.listen(config.simulator.port, config.simulator.host);
  console.log(`AMC simulator listening on ${url} (demo instance amcdemo0001, account ENTITY1DEMO0ACCT1)`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`AMC simulator: ${signal} received, closing`);
    simulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
