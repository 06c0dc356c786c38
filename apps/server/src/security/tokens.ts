import { createHash, randomBytes } from 'node:crypto';

/** Opaque bearer secrets: only their SHA-256 is stored, so a leaked database does not leak sessions or tokens. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export const SESSION_COOKIE = 'argus_session';
export const API_TOKEN_PREFIX = 'argus_pat_';
export const SETUP_TOKEN_PREFIX = 'argus_setup_';
