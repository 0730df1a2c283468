/** Id and timestamp helpers shared by the simulator's modules. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `x-amz-rid` / `x-amz-request-id` style: 20 upper-case alphanumerics. */
export function requestId(): string {
  return pick(randomBytes(20), UPPER_ALNUM);
}

/** Deterministic alphanumerics from a seed (used for sim users' account/instance ids). */
export function hashedAlnum(seed: string, length: number, alphabet: 'upper' | 'lower'): string {
  const bytes = createHash('sha256').update(seed).digest();
  return pick(bytes.subarray(0, length), alphabet === 'upper' ? UPPER_ALNUM : LOWER_ALNUM);
}

export function randomToken(prefix: string, bytes = 48): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function uuid(): string {
  return randomUUID();
}

/** 32-bit FNV-1a; cheap deterministic seed for synthetic data. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `2024-09-25T03:11:52Z`: UTC, seconds precision (reporting API style). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** `2024-09-25T03:11:54.792Z`: millisecond precision (validatedTime). */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2024-03-29T08:12:11.572511Z`: microsecond fractions, as the admin API writes them. */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function pick(bytes: Uint8Array, alphabet: string): string {
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
