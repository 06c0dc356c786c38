/**
 * Pure store of live stream tokens (no timers, no I/O; the clock is passed in). A token is 128+ random bits, kept
 * only as its SHA-256 hash, bound to the credential that created it (the hash of the caller's session or API token)
 * and to one camera stream. Unused tokens expire after `ttlMs`; HLS sessions slide: every request extends them by
 * `hlsIdleMs`. WebSocket tokens are single-use (claimed by the connection).
 */
import { createHash, randomBytes } from 'node:crypto';

export type LiveTransport = 'mse' | 'hls' | 'webrtc';

export interface LiveTokenGrant {
  cameraId: string;
  stream: 'main' | 'sub';
  transport: LiveTransport;
  /** Hash of the credential (session cookie or bearer) that created the token. */
  principalKey: string;
  /** The creator's user id (for audit and revocation). */
  userId: string | null;
}

export interface LiveTokenEntry extends LiveTokenGrant {
  createdAtMs: number;
  expiresAtMs: number;
  claimed: boolean;
}

export type TokenCheck = { ok: true; entry: LiveTokenEntry } | { ok: false; why: 'unknown' | 'expired' | 'foreign' };

export const hashLiveSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export class LiveTokenStore {
  private readonly entries = new Map<string, LiveTokenEntry>();

  constructor(private readonly opts: { ttlMs: number; hlsIdleMs: number; maxTokens?: number }) {}

  get size(): number {
    return this.entries.size;
  }

  issue(grant: LiveTokenGrant, nowMs: number, random: () => string = () => randomBytes(24).toString('base64url')): { token: string; expiresAtMs: number } {
    this.sweep(nowMs);
    const max = this.opts.maxTokens ?? 100_000;
    if (this.entries.size >= max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const token = random();
    const expiresAtMs = nowMs + this.opts.ttlMs;
    this.entries.set(hashLiveSecret(token), { ...grant, createdAtMs: nowMs, expiresAtMs, claimed: false });
    return { token, expiresAtMs };
  }

  /** Checks a token for the presenting credential; `claim` marks a single-use token used, `touch` slides HLS. */
  check(token: string, principalKey: string, nowMs: number, use: 'claim' | 'touch' | 'peek'): TokenCheck {
    const key = hashLiveSecret(token);
    const entry = this.entries.get(key);
    if (!entry) return { ok: false, why: 'unknown' };
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return { ok: false, why: 'expired' };
    }
    if (entry.principalKey !== principalKey) return { ok: false, why: 'foreign' };
    if (use === 'claim') {
      // single use: the socket that claims it owns the stream; the token is forgotten
      entry.claimed = true;
      this.entries.delete(key);
    }
    if (use === 'touch') entry.expiresAtMs = Math.max(entry.expiresAtMs, nowMs + this.opts.hlsIdleMs);
    return { ok: true, entry };
  }

  revoke(token: string): void {
    this.entries.delete(hashLiveSecret(token));
  }

  /** Forgets expired tokens; returns how many. */
  sweep(nowMs: number): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (e.expiresAtMs <= nowMs) {
        this.entries.delete(k);
        n += 1;
      }
    }
    return n;
  }
}
