/**
 * `npm test` while `npm start` runs: a worker whose metrics port is taken must say so and stop, not crash
 * obscurely or hang. The test holds a free port of its own (never the fixed defaults someone's stack may use).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

function holdFreePort(): Promise<net.Server & { port: number }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(Object.assign(server, { port: (server.address() as net.AddressInfo).port })),
    );
  });
}

/** worker/main.ts with `env`; resolves with its exit code and stderr once it exits. */
function runWorker(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: process.env.RECOMAMP_TEST_DATABASE_URL,
        TEMPORAL_ADDRESS: process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('worker metrics ports', () => {
  test.each(['WORKER_METRICS_PORT', 'WORKER_SDK_METRICS_PORT'])(
    'when %s is taken by another process, then the worker exits at once naming the setting and the port',
    async (setting) => {
      const held = await holdFreePort();
      const other = await holdFreePort(); // reserved, then freed for the setting that is not under test
      await new Promise((r) => other.close(r));
      try {
        const env =
          setting === 'WORKER_METRICS_PORT'
            ? { WORKER_METRICS_PORT: String(held.port), WORKER_SDK_METRICS_PORT: String(other.port) }
            : { WORKER_METRICS_PORT: String(other.port), WORKER_SDK_METRICS_PORT: String(held.port) };
        const { code, stderr } = await runWorker(env);
        expect(code).toBe(1);
        expect(stderr).toContain(`worker: cannot listen on 127.0.0.1:${held.port} (${setting})`);
      } finally {
        await new Promise((r) => held.close(r));
      }
    },
    60_000,
  );
});
