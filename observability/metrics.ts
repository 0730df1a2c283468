/**
 * Prometheus metrics (prom-client): one registry per process, served at the API's /metrics and the worker's own
 * listener (worker/metrics-server.ts, which appends the Temporal SDK runtime's metrics). Labels are bounded:
 * route patterns (never raw URLs), AMC endpoint patterns, statuses.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'recomamp_' });

export const metrics = {
  httpDuration: new Histogram({
    name: 'recomamp_http_request_duration_seconds',
    help: 'API request latency by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  amcCalls: new Counter({
    name: 'recomamp_amc_calls_total',
    help: 'Calls to AMC (or the simulator) by endpoint pattern and HTTP status (network/timeout when none)',
    labelNames: ['method', 'endpoint', 'status'] as const,
    registers: [registry],
  }),
  amcCallDuration: new Histogram({
    name: 'recomamp_amc_call_duration_seconds',
    help: 'AMC call latency by endpoint pattern',
    labelNames: ['method', 'endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
  tokenRefreshes: new Counter({
    name: 'recomamp_amazon_token_refreshes_total',
    help: 'Login-with-Amazon refresh-token grants by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
};

const SCRAPE_GAUGES = [
  'recomamp_executions',
  'recomamp_data_collections',
  'recomamp_webhook_deliveries',
  'recomamp_data_collection_progress',
  'recomamp_amc_circuit_state',
];

/** Scrape-time gauges: their `collect` runs a query when Prometheus scrapes (registered by the API only). */
export function registerScrapeGauges(sources: {
  executionsByStatus(): Promise<Record<string, number>>;
  collectionsByStatus(): Promise<Record<string, number>>;
  runningCollectionProgress(): Promise<{ id: string; progress: number }[]>;
  webhookDeliveriesByStatus(): Promise<Record<string, number>>;
  circuitStates(): Promise<{ instanceKey: string; state: string }[]>;
}): void {
  // The latest sources win (tests build several APIs in one process).
  for (const name of SCRAPE_GAUGES) registry.removeSingleMetric(name);
  const byStatus = (name: string, help: string, read: () => Promise<Record<string, number>>) =>
    new Gauge({
      name,
      help,
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const [status, n] of Object.entries(await read())) this.set({ status }, n);
      },
    });
  byStatus('recomamp_executions', 'Executions by status', sources.executionsByStatus);
  byStatus('recomamp_data_collections', 'Data collections by status', sources.collectionsByStatus);
  byStatus('recomamp_webhook_deliveries', 'Webhook deliveries by status', sources.webhookDeliveriesByStatus);
  new Gauge({
    name: 'recomamp_data_collection_progress',
    help: 'Share of finished weeks (0..1) of each RUNNING collection',
    labelNames: ['collection_id'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await sources.runningCollectionProgress()) this.set({ collection_id: c.id }, c.progress);
    },
  });
  new Gauge({
    name: 'recomamp_amc_circuit_state',
    help: 'AMC circuit breaker per AMC instance: 0 closed, 1 half-open, 2 open',
    labelNames: ['instance'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const value: Record<string, number> = { closed: 0, half_open: 1, open: 2 };
      for (const c of await sources.circuitStates()) this.set({ instance: c.instanceKey }, value[c.state] ?? 0);
    },
  });
}
