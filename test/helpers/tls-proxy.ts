/**
 * A TLS-terminating TCP proxy on 127.0.0.1, standing in for a secured Temporal frontend (or a TLS load balancer in
 * front of one): clients speak TLS to it, with a client certificate the CA signed when `requireClientCert` is set
 * (mutual TLS); it forwards the decrypted bytes to the plaintext upstream. gRPC is HTTP/2, so the proxy offers ALPN
 * `h2` and passes the HTTP/2 stream through untouched (the Temporal dev server speaks HTTP/2 without TLS).
 *
 * It records every handshake: which connections got through and with which client certificate, and which were
 * refused and why, so tests can show the traffic really went through it and what it refused.
 */
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

export interface ProxyConnection {
  /** The client certificate's common name, when one was presented and verified. */
  clientCommonName: string | undefined;
  alpn: string | false | null;
}

export interface TlsProxy {
  /** host:port clients connect to. */
  address: string;
  port: number;
  accepted: ProxyConnection[];
  /** Handshakes the proxy refused (no client certificate, one from another CA, …): the TLS error codes. */
  refused: string[];
  close(): Promise<void>;
}

export async function startTlsProxy(opts: {
  upstream: string;
  cert: string;
  key: string;
  /** The CA client certificates must be signed by. */
  clientCa?: string;
  requireClientCert: boolean;
}): Promise<TlsProxy> {
  const [upstreamHost, upstreamPort] = splitAddress(opts.upstream);
  const accepted: ProxyConnection[] = [];
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = tls.createServer(
    {
      cert: fs.readFileSync(opts.cert),
      key: fs.readFileSync(opts.key),
      ALPNProtocols: ['h2'],
      ...(opts.requireClientCert && {
        requestCert: true,
        rejectUnauthorized: true,
        ca: fs.readFileSync(opts.clientCa ?? opts.cert),
      }),
    },
    (client) => {
      const peer = client.getPeerCertificate();
      accepted.push({ clientCommonName: peer?.subject?.CN as string | undefined, alpn: client.alpnProtocol });
      const upstream = net.connect(upstreamPort, upstreamHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    },
  );
  server.on('tlsClientError', (err: NodeJS.ErrnoException) => refused.push(err.code ?? err.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    accepted,
    refused,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i), Number(address.slice(i + 1))];
}
