import { randomBytes } from 'node:crypto';
import { needsReseal, open, parseKeyring, seal, SealingError } from '../../lib/token-sealing';

const key = () => randomBytes(32).toString('base64');

describe('token sealing', () => {
  test('when a token is sealed, then it opens to the same text and does not contain it', () => {
    const keyring = parseKeyring(`v1:${key()}`);
    const sealed = seal(keyring, 'Atza|secret-token');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(sealed).not.toContain('secret-token');
    expect(open(keyring, sealed)).toBe('Atza|secret-token');
  });

  test('when a new key is rolled in, then old values still open and are flagged for re-sealing', () => {
    const k1 = key();
    const old = seal(parseKeyring(`v1:${k1}`), 'Atzr|refresh');
    const rolled = parseKeyring(`v2:${key()},v1:${k1}`);
    expect(open(rolled, old)).toBe('Atzr|refresh');
    expect(needsReseal(rolled, old)).toBe(true);
    expect(needsReseal(rolled, seal(rolled, 'x'))).toBe(false);
  });

  test('when a sealed value is tampered with, then opening fails', () => {
    const keyring = parseKeyring(`v1:${key()}`);
    const sealed = seal(keyring, 'Atza|secret');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => open(keyring, `v1:${bytes.toString('base64')}`)).toThrow(SealingError);
  });

  test('when a key has the wrong length, then the keyring is refused', () => {
    expect(() => parseKeyring('v1:c2hvcnQ=')).toThrow(SealingError);
  });
});
