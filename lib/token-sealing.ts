/**
 * Sealing of Amazon tokens at rest: tweetnacl secretbox (XSalsa20-Poly1305) under a versioned key.
 * A sealed value is `<keyVersion>:<base64(nonce || box)>`, so a new key can be rolled in (put it first in the
 * key list) while values sealed under older keys still open. Pure functions; no I/O.
 */
import nacl from 'tweetnacl';

export interface SealingKeyring {
  /** The version new values are sealed under. */
  current: string;
  keys: Map<string, Uint8Array>;
}

export class SealingError extends Error {}

/** Parses `v2:<base64 32 bytes>,v1:<base64 32 bytes>`: the first key seals, all of them open. */
export function parseKeyring(spec: string): SealingKeyring {
  const keys = new Map<string, Uint8Array>();
  let current: string | undefined;
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = part.indexOf(':');
    const version = part.slice(0, sep);
    const key = new Uint8Array(Buffer.from(part.slice(sep + 1), 'base64'));
    if (sep <= 0 || !/^[A-Za-z0-9_-]+$/.test(version)) throw new SealingError(`bad key version in "${version}"`);
    if (key.length !== nacl.secretbox.keyLength) {
      throw new SealingError(`sealing key ${version} must be ${nacl.secretbox.keyLength} bytes of base64`);
    }
    keys.set(version, key);
    current ??= version;
  }
  if (!current) throw new SealingError('no sealing key configured');
  return { current, keys };
}

export function seal(keyring: SealingKeyring, plaintext: string): string {
  const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(new Uint8Array(Buffer.from(plaintext, 'utf8')), nonce, keyring.keys.get(keyring.current)!);
  return `${keyring.current}:${Buffer.concat([nonce, box]).toString('base64')}`;
}

export function open(keyring: SealingKeyring, sealed: string): string {
  const sep = sealed.indexOf(':');
  const key = keyring.keys.get(sealed.slice(0, sep));
  if (sep <= 0 || !key) throw new SealingError('sealed value uses an unknown key version');
  const bytes = new Uint8Array(Buffer.from(sealed.slice(sep + 1), 'base64'));
  const nonce = bytes.subarray(0, nacl.secretbox.nonceLength);
  const opened = nacl.secretbox.open(bytes.subarray(nacl.secretbox.nonceLength), nonce, key);
  if (!opened) throw new SealingError('sealed value failed authentication');
  return Buffer.from(opened).toString('utf8');
}

/** True when the value was sealed under an older key and should be re-sealed on next use. */
export function needsReseal(keyring: SealingKeyring, sealed: string): boolean {
  return !sealed.startsWith(`${keyring.current}:`);
}
