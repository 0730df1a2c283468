/**
 * The bench's load generator: node:http with a keep-alive agent. fetch (undici) cost the client ~2.5 ms of CPU
 * per request, more than the API's own work, and on two cores a load generator's CPU is taken from the server.
 */
import http from 'node:http';

export interface BenchResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export function createBenchClient(baseUrl: string, maxSockets = 64) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    request(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<BenchResponse> {
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      const headers: http.OutgoingHttpHeaders = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      return new Promise((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
