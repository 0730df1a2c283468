/**
 * The worker's HTTP endpoint: Prometheus metrics and the probes.
 * - `/metrics`: RecomAMP's own metrics (AMC calls, token refreshes; observability/metrics.ts) followed by the
 *   Temporal SDK runtime's (task slots, poll latencies, activity/workflow task counts), which the Rust core serves
 *   on its own address (Runtime telemetry `prometheus.bindAddress`) and this handler fetches and appends.
 * - `/health` and `/ready`: liveness and readiness (worker/probes.ts).
 */
import http from 'node:http';
import { registry } from '../observability/metrics';
import type { WorkerProbes } from './probes';

export function startWorkerMetricsServer(opts: {
  port: number;
  host?: string;
  sdkMetricsUrl?: string;
  probes?: WorkerProbes;
}): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (opts.probes && (path === '/health' || path === '/ready')) {
      const answer = path === '/health' ? opts.probes.health() : await opts.probes.ready();
      return void res
        .writeHead(answer.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        .end(JSON.stringify(answer.body));
    }
    if (path !== '/metrics') return void res.writeHead(404).end();
    let sdk = '';
    if (opts.sdkMetricsUrl) {
      sdk = await fetch(opts.sdkMetricsUrl, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.text())
        .catch((err: unknown) => `# Temporal SDK metrics unavailable: ${String(err)}\n`);
    }
    res.writeHead(200, { 'Content-Type': registry.contentType }).end(`${await registry.metrics()}\n${sdk}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject); // EADDRINUSE: another process (e.g. a running `npm start`) holds the port
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve(server));
  });
}

/** A metrics port the worker cannot bind: names the setting, the port and why, so the fix is obvious. */
export class PortInUseError extends Error {
  constructor(setting: string, port: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `cannot listen on 127.0.0.1:${port} (${setting}): ${reason}. Another process holds it (a running ` +
        `\`npm start\`?); set ${setting} to a free port, or WORKER_METRICS_PORT=0 to turn worker metrics off.`,
    );
    this.name = 'PortInUseError';
  }
}
