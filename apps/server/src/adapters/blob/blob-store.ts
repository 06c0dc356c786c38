import type { Readable } from 'node:stream';

export interface BlobInfo {
  key: string;
  size: number;
  modifiedAt: string;
}

/**
 * Where recordings, snapshots and exports live. Keys are relative POSIX-like paths (`rec/cam_x/2026/…/seg.m4s`):
 * segments of [A-Za-z0-9._-], no `..`, no leading slash. Every implementation passes blob-store.contract.ts.
 */
export interface BlobStore {
  readonly kind: string;
  put(key: string, body: Buffer | Readable, options?: { contentType?: string }): Promise<BlobInfo>;
  /**
   * Optional: stores the bytes of a finished local file more cheaply than put() where the store can take the file
   * as it is (local disk: a hard link on the same file system, no byte read or written). The caller keeps the file
   * (and deletes it afterwards); it must not change it any more. Callers fall back to put() when it is missing.
   */
  putFile?(key: string, file: string, options?: { contentType?: string }): Promise<BlobInfo>;
  /** The whole object, or null when missing. */
  get(key: string): Promise<Buffer | null>;
  /** A stream of the object (optionally a byte range, end inclusive), or null when missing. */
  stream(key: string, range?: { start: number; end?: number }): Promise<Readable | null>;
  stat(key: string): Promise<BlobInfo | null>;
  /** True when something was deleted. */
  delete(key: string): Promise<boolean>;
  /** Objects whose key starts with the prefix, in key order. */
  list(prefix: string, options?: { limit?: number; after?: string }): Promise<BlobInfo[]>;
  close(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Throws on keys that could escape the store or that object stores treat differently. */
export function assertValidKey(key: string): void {
  if (key.length === 0 || key.length > 1024) throw new Error(`blob key must be 1-1024 characters: ${JSON.stringify(key)}`);
  const parts = key.split('/');
  if (parts.some((p) => p.length === 0 || p === '.' || p === '..' || !SEGMENT.test(p))) {
    throw new Error(`blob key has an empty, dot or invalid segment: ${JSON.stringify(key)}`);
  }
}
