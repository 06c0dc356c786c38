import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[(bytes[i] ?? 0) & 31];
  return out;
}

/** Random id with a type prefix, e.g. `cam_8f3k2m9x1q4z`. 60 bits of randomness. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(12), 12)}`;
}

/** Time-ordered id (for append-only logs): 12 chars of milliseconds in hex, then randomness. */
export function newTimeOrderedId(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(16).padStart(12, '0')}${base32(randomBytes(8), 8)}`;
}
