/**
 * Why a blob store operation failed, as a stable code the caller can act on (the composition root maps them onto the
 * API error catalogue: `blob_unreachable` → 503 not_ready, the rest → 500 internal).
 */
export type BlobStoreErrorCode =
  /** The configured bucket does not exist. */
  | 'blob_bucket_missing'
  /** The service refused the credentials, or they lack a permission. */
  | 'blob_access_denied'
  /** The endpoint could not be reached (refused, DNS, timeout, connection reset). Usually transient. */
  | 'blob_unreachable'
  /** The service answered with an error not covered above. */
  | 'blob_storage_error'
  /** The store was closed. */
  | 'blob_closed'
  /** Stored bytes failed authentication: tampered with, truncated, moved to another key, or corrupted. */
  | 'blob_integrity'
  /** The object was encrypted under another master key. */
  | 'blob_wrong_key'
  /** The object is not in the encrypted format (written without encryption, or by something else). */
  | 'blob_not_encrypted';

export class BlobStoreError extends Error {
  constructor(
    readonly code: BlobStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BlobStoreError';
  }
}
