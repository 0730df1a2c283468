/**
 * The worker's Prometheus endpoint: RecomAMP's own metrics (AMC calls, token refreshes; observability/metrics.ts) followed
 * by the Temporal SDK runtime's (task slots, poll latencies, activity/workflow task counts), which the Rust core
 * serves on its own address (Runtime telemetry `prometheus.bindAddress`) and this handler fetches and appends.
 */
import http from 'node:http';
import { registry } from '../observability/metrics';

export function startWorkerMetricsServer(opts: {
  port: number;
  host?: string;
  sdkMetricsUrl?: string;
}): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    let sdk = '';
    if (opts.sdkMetricsUrl) {
      sdk = await fetch(opts.sdkMetricsUrl, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.text())
        .catch((err: unknown) => `# Temporal SDK metrics unavailable: ${String(err)}\n`);
    }
    res.writeHead(200, { 'Content-Type': registry.contentType }).end(`${await registry.metrics()}\n${sdk}`);
  });
  return new Promise((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve(server)));
}
