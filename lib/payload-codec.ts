/**
 * Temporal payload encryption: every payload the API and the worker send to Temporal (workflow and activity
 * arguments and results, memos, signals, queries, failures' details) is sealed with tweetnacl secretbox under a
 * versioned key (TEMPORAL_PAYLOAD_KEYS, same format as TOKEN_SEALING_KEYS: the first key encrypts, all decrypt).
 *
 * An encrypted payload: metadata `encoding: binary/encrypted`, `encryption-key-id: <version>`; data
 * `nonce || box(original Payload protobuf)`. Decoding passes through any payload without that encoding, so
 * histories recorded before encryption (and the committed replay histories) still decode.
 *
 * The Temporal UI reads encrypted payloads through the codec endpoint (api/routes/codec.ts).
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import nacl from 'tweetnacl';
import { parseKeyring, type SealingKeyring } from './token-sealing';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const PayloadProto = temporal.api.common.v1.Payload;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

export class PayloadCodecError extends Error {}

export function createEncryptionCodec(keyring: SealingKeyring): PayloadCodec {
  return {
    async encode(payloads: Payload[]): Promise<Payload[]> {
      const key = keyring.keys.get(keyring.current)!;
      return payloads.map((payload) => {
        const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
        const box = nacl.secretbox(PayloadProto.encode(payload).finish(), nonce, key);
        const data = new Uint8Array(nonce.length + box.length);
        data.set(nonce);
        data.set(box, nonce.length);
        return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(keyring.current) }, data };
      });
    },
    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
        const version = text(payload.metadata?.[KEY_ID]) ?? '';
        const key = keyring.keys.get(version);
        if (!key) throw new PayloadCodecError(`payload encrypted under unknown key "${version}"`);
        const data = payload.data ?? new Uint8Array();
        const opened = nacl.secretbox.open(
          data.subarray(nacl.secretbox.nonceLength),
          data.subarray(0, nacl.secretbox.nonceLength),
          key,
        );
        if (!opened) throw new PayloadCodecError('encrypted payload failed authentication');
        return PayloadProto.decode(opened) as Payload;
      });
    },
  };
}

/** The data converter option for Client and Worker: `{ dataConverter: payloadDataConverter(spec) }`. */
export function payloadDataConverter(keySpec: string) {
  return { payloadCodecs: [createEncryptionCodec(parseKeyring(keySpec))] };
}
