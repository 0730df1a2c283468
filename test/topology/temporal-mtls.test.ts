/**
 * A secured Temporal cluster: the run's dev server behind a TLS-terminating proxy on 127.0.0.1 that demands a
 * client certificate (mutual TLS) from a CA generated for this test (test/helpers/tls-certs.ts; no key is committed).
 * The worker and the API run as processes configured only through the SDK's environment configuration: the worker
 * through TEMPORAL_TLS_* variables, the API and `npm run temporal:check` through a profile in a TOML file
 * (TEMPORAL_CONFIG_FILE + TEMPORAL_PROFILE). An execution succeeds through them; a worker without a client
 * certificate, or with one from another CA, and an API without one are refused at startup with a clear error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSimulator } from '../../amc/simulator';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { TOPOLOGY_NAMESPACES } from '../helpers/infra';
import { findFreePort } from '../helpers/ports';
import { baseProcessEnv, startProcess, stopAll, waitForHttp, type RunningProcess } from '../helpers/processes';
import { createTestCa, type CertPair, type TestCa } from '../helpers/tls-certs';
import { startTlsProxy, type TlsProxy } from '../helpers/tls-proxy';

const SERVER_NAME = 'temporal.recomamp.test';
let dir: string;
let ca: TestCa;
let proxy: TlsProxy;
let sim: ReturnType<typeof createSimulator>;
let simUrl: string;
const procs: RunningProcess[] = [];

function env(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return baseProcessEnv({
    TEMPORAL_ADDRESS: proxy.address,
    TEMPORAL_NAMESPACE: TOPOLOGY_NAMESPACES.mtls,
    AMC_API_BASE_URL: simUrl,
    LWA_AUTHORIZE_URL: `${simUrl}/ap/oa`,
    LWA_TOKEN_URL: `${simUrl}/auth/o2/token`,
    LWA_PROFILE_URL: `${simUrl}/user/profile`,
    AMC_POLL_INITIAL_SECONDS: '0.2',
    AMC_POLL_MAX_SECONDS: '1',
    ...extra,
  });
}

const tlsEnv = (client: CertPair | undefined) => ({
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca.caCert,
  TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
  ...(client && { TEMPORAL_TLS_CLIENT_CERT_PATH: client.cert, TEMPORAL_TLS_CLIENT_KEY_PATH: client.key }),
});

function start(name: string, entry: string, e: NodeJS.ProcessEnv): RunningProcess {
  const p = startProcess(name, entry, e);
  procs.push(p);
  return p;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recomamp-mtls-'));
  ca = createTestCa(path.join(dir, 'ca'));
  const server = ca.serverCert('temporal-frontend', SERVER_NAME);
  proxy = await startTlsProxy({
    upstream: process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS!,
    cert: server.cert,
    key: server.key,
    clientCa: ca.caCert,
    requireClientCert: true,
  });
  sim = createSimulator({ executionSeconds: 1, pendingSeconds: 0.2 });
  simUrl = (await sim.listen(0)).url;
});

afterAll(async () => {
  await stopAll(procs);
  await proxy?.close();
  await sim?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('Temporal behind mutual TLS', () => {
  test('when the worker, the API and temporal:check present client certificates, then an execution succeeds through the TLS proxy', async () => {
    const workerCert = ca.clientCert('worker', 'recomamp-worker');
    const apiCert = ca.clientCert('api', 'recomamp-api');
    // The API reads its connection from a profile file, as `temporal config` writes it.
    const profileFile = path.join(dir, 'temporal.toml');
    fs.writeFileSync(
      profileFile,
      [
        '[profile.secured]',
        `address = "${proxy.address}"`,
        `namespace = "${TOPOLOGY_NAMESPACES.mtls}"`,
        '[profile.secured.tls]',
        `server_ca_cert_path = "${ca.caCert}"`,
        `server_name = "${SERVER_NAME}"`,
        `client_cert_path = "${apiCert.cert}"`,
        `client_key_path = "${apiCert.key}"`,
      ].join('\n'),
    );
    const profileEnv = {
      TEMPORAL_ADDRESS: undefined,
      TEMPORAL_NAMESPACE: undefined,
      TEMPORAL_CONFIG_FILE: profileFile,
      TEMPORAL_PROFILE: 'secured',
    };

    const check = start('temporal:check', 'scripts/temporal-check.ts', env(profileEnv));
    expect((await check.exited).code).toBe(0);
    expect(check.output()).toMatch(/Temporal OK: 127\.0\.0\.1:\d+, namespace recomamp-mtls, mutual TLS/);

    const [metricsPort, sdkMetricsPort, apiPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const worker = start(
      'worker',
      'worker/main.ts',
      env({
        ...tlsEnv(workerCert),
        WORKER_METRICS_PORT: String(metricsPort),
        WORKER_SDK_METRICS_PORT: String(sdkMetricsPort),
      }),
    );
    const api = start('api', 'api/main.ts', env({ ...profileEnv, PORT: String(apiPort), PUBLIC_API_URL: apiUrl }));
    const ready = await waitForHttp(worker, `http://127.0.0.1:${metricsPort}/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready', state: 'RUNNING', temporal: true, postgres: true });
    await waitForHttp(api, `${apiUrl}/ready`);

    const ws = await createWorkspace(apiUrl);
    const started = await call(apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
      token: ws.token,
      body: {},
    });
    expect(started.status).toBe(202);
    const execution = await waitForExecution(apiUrl, ws.token, started.body.executionId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.rowCount).toBeGreaterThan(0);

    // Every connection went through the proxy's TLS with a verified client certificate, over HTTP/2.
    const names = new Set(proxy.accepted.map((c) => c.clientCommonName));
    expect(names).toEqual(new Set(['recomamp-worker', 'recomamp-api']));
    expect(proxy.accepted.every((c) => c.alpn === 'h2')).toBe(true);
    await stopAll([worker, api]);
  }, 180_000);

  test('when a worker has no client certificate, or one from another CA, and an API has none, then each stops at startup saying why', async () => {
    const rogue = createTestCa(path.join(dir, 'rogue'), 'Someone else').clientCert('rogue', 'rogue-worker');
    const [acceptedBefore, refusedBefore] = [proxy.accepted.length, proxy.refused.length];
    const noCert = start('worker without certificate', 'worker/main.ts', env(tlsEnv(undefined)));
    const otherCa = start('worker with a foreign certificate', 'worker/main.ts', env(tlsEnv(rogue)));
    const apiPort = await findFreePort();
    const apiNoCert = start(
      'api without certificate',
      'api/main.ts',
      env({ ...tlsEnv(undefined), PORT: String(apiPort), PUBLIC_API_URL: `http://127.0.0.1:${apiPort}` }),
    );
    const [a, b, c] = await Promise.all([noCert.exited, otherCa.exited, apiNoCert.exited]);
    expect([a.code, b.code, c.code]).toEqual([1, 1, 1]);
    for (const p of [noCert, apiNoCert]) {
      expect(p.output()).toContain(`Cannot connect to Temporal at ${proxy.address}`);
      expect(p.output()).toMatch(/requires a client certificate \(mutual TLS\)/);
      expect(p.output()).toContain('TEMPORAL_TLS_CLIENT_CERT_PATH');
    }
    expect(otherCa.output()).toMatch(/refused the client certificate \(is it signed by a CA the server trusts\?\)/);
    // The proxy's TLS checks refused them: not one of their connections got through to Temporal.
    expect(proxy.accepted.length).toBe(acceptedBefore);
    expect(proxy.refused.slice(refusedBefore)).toEqual(
      expect.arrayContaining(['ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE']),
    );
  }, 120_000);
});
