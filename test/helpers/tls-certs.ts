/**
 * A throwaway certificate authority for TLS tests, generated at test time with the openssl CLI (node:crypto can
 * make keys but not X.509 certificates): a CA, a server certificate for 127.0.0.1/localhost and a name of our
 * choosing, and client certificates for mutual TLS. Nothing with a private key is committed; everything lives in
 * a temporary directory the caller removes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CertPair {
  cert: string; // PEM file paths
  key: string;
}

export interface TestCa {
  dir: string;
  /** The CA certificate (PEM file) clients and servers trust. */
  caCert: string;
  /** Signs a server certificate for 127.0.0.1, localhost and `dnsName`. */
  serverCert(name: string, dnsName: string): CertPair;
  /** Signs a client certificate (extendedKeyUsage clientAuth) with this common name. */
  clientCert(name: string, commonName: string): CertPair;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0]} failed (the TLS tests need the openssl CLI): ${stderr || String(err)}`, {
      cause: err,
    });
  }
}

export function createTestCa(dir: string, commonName = 'RecomAMP test CA'): TestCa {
  fs.mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  let serial = 1;
  const sign = (name: string, subject: string, extensions: string[]): CertPair => {
    const ext = path.join(dir, `${name}.ext`);
    fs.writeFileSync(ext, `${extensions.join('\n')}\n`);
    openssl(['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        String((serial += 1)),
        '-days',
        '2',
        '-extfile',
        ext,
        '-out',
        `${name}.pem`,
      ],
      dir,
    );
    return { cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}.key`) };
  };
  return {
    dir,
    caCert: path.join(dir, 'ca.pem'),
    serverCert: (name, dnsName) =>
      sign(name, `/CN=${dnsName}`, [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=DNS:${dnsName},DNS:localhost,IP:127.0.0.1`,
      ]),
    clientCert: (name, cn) =>
      sign(name, `/CN=${cn}`, [
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=clientAuth',
      ]),
  };
}
