import { DefaultPayloadConverter } from '@temporalio/common';
import { createEncryptionCodec, ENCRYPTED_ENCODING } from '../../lib/payload-codec';
import { parseKeyring } from '../../lib/token-sealing';

const k1 = `v1:${Buffer.alloc(32, 1).toString('base64')}`;
const k2 = `v2:${Buffer.alloc(32, 2).toString('base64')}`;
const converter = new DefaultPayloadConverter();
const text = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('utf8');

describe('payload codec (tweetnacl secretbox)', () => {
  test('when a payload is encoded, then it is opaque and decodes back to the original', async () => {
    const codec = createEncryptionCodec(parseKeyring(k1));
    const original = converter.toPayload({ customer: 'ACME', rows: [1, 2, 3] });
    const [encrypted] = await codec.encode([original]);
    expect(text(encrypted!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata!['encryption-key-id'])).toBe('v1');
    expect(text(encrypted!.data)).not.toContain('ACME');
    const [decoded] = await codec.decode([encrypted!]);
    expect(converter.fromPayload(decoded!)).toEqual({ customer: 'ACME', rows: [1, 2, 3] });
  });

  test('when a payload was never encrypted (old histories), then decode passes it through unchanged', async () => {
    const codec = createEncryptionCodec(parseKeyring(k1));
    const plain = converter.toPayload({ executionId: 'x' });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  test('when the key rotates, then new payloads use the new key and old ones still decode', async () => {
    const [old] = await createEncryptionCodec(parseKeyring(k1)).encode([converter.toPayload('old')]);
    const rotated = createEncryptionCodec(parseKeyring(`${k2},${k1}`));
    const [fresh] = await rotated.encode([converter.toPayload('new')]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('v2');
    expect((await rotated.decode([old!, fresh!])).map((p) => converter.fromPayload(p))).toEqual(['old', 'new']);
  });

  test('when the key is unknown or the data was tampered with, then decode fails', async () => {
    const [enc] = await createEncryptionCodec(parseKeyring(k1)).encode([converter.toPayload('x')]);
    await expect(createEncryptionCodec(parseKeyring(k2)).decode([enc!])).rejects.toThrow(/unknown key/);
    const tampered = { ...enc!, data: Uint8Array.from(enc!.data!, (b, i) => (i === 30 ? b ^ 1 : b)) };
    await expect(createEncryptionCodec(parseKeyring(k1)).decode([tampered])).rejects.toThrow(/authentication/);
  });
});
