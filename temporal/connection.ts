/**
 * Connecting to Temporal, for the API, the worker and the scripts alike. The options come from config.ts (the
 * SDK's environment configuration: address, namespace, TLS, client certificate, API key, profile file); this
 * module connects and turns a failure into one startup error that names the address, what the settings asked for
 * and, for TLS, what the handshake said (the gRPC clients only say "transport error" or "deadline exceeded").
 *
 * The worker passes NativeConnection.connect, the API and scripts Connection.connect: the API never loads the
 * worker's native module.
 */
import net from 'node:net';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import type { TemporalConnectionOptions, TemporalSettings } from '../config';

export class TemporalConnectError extends Error {}

type Target = Pick<TemporalSettings, 'connection' | 'namespace' | 'description'>;

/** Connection's and NativeConnection's workflowService both have this call. */
interface WorkflowService {
  describeNamespace(req: { namespace: string }): Promise<unknown>;
}

const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNAUTHENTICATED = 16;

/** Connects with `connect` and checks the namespace answers; any failure is a TemporalConnectError. */
export async function connectTemporal<C extends { workflowService: WorkflowService; close(): Promise<void> }>(
  target: Target,
  connect: (options: TemporalConnectionOptions) => Promise<C>,
): Promise<C> {
  let connection: C;
  try {
    connection = await connect(target.connection);
  } catch (err) {
    throw new TemporalConnectError(await explainConnectFailure(target, err));
  }
  try {
    await connection.workflowService.describeNamespace({ namespace: target.namespace });
  } catch (err) {
    await connection.close().catch(() => undefined);
    const code = (err as { code?: number }).code;
    const why =
      code === NOT_FOUND
        ? `namespace ${target.namespace} does not exist there (create it, or set TEMPORAL_NAMESPACE)`
        : code === PERMISSION_DENIED || code === UNAUTHENTICATED
          ? `access to namespace ${target.namespace} was refused (check the API key or client certificate and its namespace permissions)`
          : `describing namespace ${target.namespace} failed: ${(err as Error).message}`;
    throw new TemporalConnectError(`Cannot use Temporal at ${target.description}: ${why}`);
  }
  return connection;
}

/** The API's and the scripts' connection (grpc-js). */
export function connectTemporalClient(target: Target): Promise<Connection> {
  return connectTemporal(target, (options) => Connection.connect(options));
}

async function explainConnectFailure(target: Target, err: unknown): Promise<string> {
  const cause = ((err as Error)?.message ?? String(err)).split('\n')[0];
  const { tls: tlsConfig, address } = target.connection;
  const diagnosis = tlsConfig ? await probeTls(address, tlsConfig) : await probePlaintext(address);
  return `Cannot connect to Temporal at ${target.description}: ${diagnosis ? `${diagnosis} (${cause})` : cause}`;
}

function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

/** Why a TLS handshake with these settings fails, in words; undefined when it succeeds. */
function probeTls(address: string, config: NonNullable<TemporalConnectionOptions['tls']>): Promise<string | undefined> {
  const { host, port } = splitAddress(address);
  const o = typeof config === 'object' ? config : {};
  const servername = o.serverNameOverride ?? (net.isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      ALPNProtocols: ['h2'],
      ...(servername && { servername }),
      ...(o.serverNameOverride && {
        checkServerIdentity: (_: string, cert) => tls.checkServerIdentity(servername!, cert),
      }),
      ...(o.serverRootCACertificate && { ca: Buffer.from(o.serverRootCACertificate) }),
      ...(o.clientCertPair && { cert: Buffer.from(o.clientCertPair.crt), key: Buffer.from(o.clientCertPair.key) }),
    });
    const done = (why: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(why);
    };
    // TLS 1.3 servers check the client certificate after the handshake: wait a moment for their alert.
    socket.once('secureConnect', () => setTimeout(() => done(undefined), 1000).unref());
    socket.once('error', (e: NodeJS.ErrnoException) => done(tlsReason(e)));
    // Some servers refuse a client certificate by closing the connection without an alert.
    socket.once('close', () =>
      done(
        o.clientCertPair
          ? 'the server closed the connection after the TLS handshake: it refused the client certificate (is it signed by a CA the server trusts?)'
          : 'the server closed the connection after the TLS handshake: it requires a client certificate (mutual TLS): set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH',
      ),
    );
    const timer = setTimeout(() => done('the TLS handshake timed out'), 5000);
    timer.unref();
  });
}

function tlsReason(e: NodeJS.ErrnoException): string {
  const code = `${e.code ?? ''} ${e.message}`;
  if (/ECONNREFUSED/.test(code)) return 'nothing accepts connections at that address';
  if (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/.test(code) && !/VERIFY/.test(code))
    return 'the server requires a client certificate (mutual TLS): set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or a profile with client_cert_path and client_key_path)';
  if (/UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|DECRYPT_ERROR/.test(code))
    return 'the server refused the client certificate (is it signed by a CA the server trusts?)';
  if (/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED/.test(code))
    return "the server's certificate is not signed by a trusted CA: set TEMPORAL_TLS_SERVER_CA_CERT_PATH";
  if (/ALTNAME|Hostname\/IP does not match/.test(code))
    return "the server's certificate does not name this host: set TEMPORAL_TLS_SERVER_NAME to a name it carries";
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|ECONNRESET|socket disconnected/.test(code))
    return 'the server did not answer TLS (a plaintext server? then unset the TEMPORAL_TLS settings)';
  return `the TLS handshake failed: ${e.message}`;
}

/** Why a plaintext connection fails, when a TCP connection says more than gRPC did. */
function probePlaintext(address: string): Promise<string | undefined> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    const done = (why: string | undefined) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(5000, () => done('the TCP connection timed out'));
    socket.once('connect', () =>
      done(
        'the server accepts TCP connections but not plaintext gRPC (does it require TLS? set TEMPORAL_TLS=true and the TEMPORAL_TLS_* settings, or TEMPORAL_API_KEY for Temporal Cloud)',
      ),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(e.code === 'ECONNREFUSED' ? 'nothing accepts connections at that address' : e.message),
    );
  });
}
