import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type ListObjectsV2CommandOutput,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { assertValidKey, type BlobInfo, type BlobStore } from './blob-store';
import { BlobStoreError, type BlobStoreErrorCode } from './blob-store-error';
import { MIN_PART_SIZE, putBuffer, uploadStream } from './s3-upload';

export interface S3BlobStoreOptions {
  /** Service URL, e.g. `http://127.0.0.1:9000` (MinIO) or `https://s3.eu-central-1.amazonaws.com`. Omit (or '') for AWS. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket (`argus/` → objects at `argus/rec/…`), so several deployments can share a bucket. */
  prefix?: string;
  /** Both empty: the SDK's default credential chain (AWS_* env vars, shared config, ECS/EC2 instance roles). */
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`). Default: true when an endpoint is given (MinIO, Ceph, s3rver…). */
  forcePathStyle?: boolean;
  /** Multipart part size; bodies up to it go in one PutObject. Default 8 MiB, at least 5 MiB (S3's rule). */
  partSizeBytes?: number;
  /** Parts of one upload sent in parallel. Default 2. */
  uploadQueueSize?: number;
  /** Keys per ListObjectsV2 request, 1-1000. Default 1000. */
  listPageSize?: number;
  /** Attempts per request, retries with the SDK's backoff and jitter. Default 3. */
  maxAttempts?: number;
  /** TCP connect timeout. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** A request (or a response body being read) idle this long fails. Default 30000 ms. */
  socketTimeoutMs?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT']);
const ACCESS_DENIED_NAMES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'AllAccessDisabled']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  abortError?: unknown;
}

/**
 * Blob store on any S3-compatible service (AWS S3, MinIO, Ceph RGW, R2, s3rver) through AWS SDK v3.
 *
 * - Missing objects are null/false, never errors. A HEAD miss is a bare 404 that does not say whether the key or the
 *   bucket is missing, so the bucket is checked once (HeadBucket) before the first operation, retried after a failure;
 *   `verify()` runs that check on demand (call it at boot to fail fast).
 * - `delete` reports whether the object existed: S3's DeleteObject answers 204 either way (unversioned buckets), so it
 *   HEADs first. Two concurrent deletes of one key may both report true.
 * - `put` returns the size it uploaded and the local clock as `modifiedAt` (PutObject does not return Last-Modified;
 *   a HEAD per segment would double the requests); `stat`/`list` report the service's time.
 * - Errors are BlobStoreError with a stable code and a message naming endpoint and bucket (never the secret).
 * - Checksums: the SDK's default CRC request checksums/aws-chunked encoding are switched to "when required", since many
 *   S3-compatible services reject them; integrity in transit rests on SigV4 payload hashing and TLS.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly where: string;
  private readonly secret: string;
  private readonly accessKeyId: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly pageSize: number;
  private bucketChecked: Promise<void> | undefined;
  private closed = false;

  constructor(given: S3BlobStoreOptions) {
    const options = { ...given, endpoint: given.endpoint || undefined };
    if (!options.bucket) throw new Error('S3 blob store: bucket is required');
    if (!options.region) throw new Error('S3 blob store: region is required');
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.secret = options.secretAccessKey;
    this.accessKeyId = options.accessKeyId;
    this.where = `S3 endpoint ${describeEndpoint(options.endpoint, options.region)} bucket "${options.bucket}"${this.prefix ? ` prefix "${this.prefix}"` : ''}`;
    this.partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE;
    if (!Number.isInteger(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw new Error(`S3 blob store: partSizeBytes must be an integer of at least ${MIN_PART_SIZE} (5 MiB)`);
    }
    this.queueSize = Math.max(1, Math.floor(options.uploadQueueSize ?? 2));
    this.pageSize = Math.min(1000, Math.max(1, Math.floor(options.listPageSize ?? 1000)));
    this.client = new S3Client({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
      ...(options.accessKeyId || options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      maxAttempts: options.maxAttempts ?? 3,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: options.connectTimeoutMs ?? 5000, socketTimeout: options.socketTimeoutMs ?? 30_000 },
    });
  }

  /** Checks that the bucket exists and the credentials are accepted; throws a BlobStoreError otherwise. */
  async verify(): Promise<void> {
    this.assertOpen();
    this.bucketChecked = undefined;
    await this.ready();
  }

  async put(key: string, body: Buffer | Readable, options: { contentType?: string } = {}): Promise<BlobInfo> {
    const objectKey = this.objectKey(key);
    await this.ready();
    const target = {
      client: this.client,
      bucket: this.bucket,
      objectKey,
      contentType: options.contentType ?? 'application/octet-stream',
      partSize: this.partSize,
      queueSize: this.queueSize,
    };
    try {
      let size: number;
      if (Buffer.isBuffer(body) && body.length <= this.partSize) {
        await putBuffer(target, body);
        size = body.length;
      } else {
        size = await uploadStream(target, Buffer.isBuffer(body) ? Readable.from([body]) : body);
      }
      return { key, size, modifiedAt: new Date().toISOString() };
    } catch (err) {
      throw this.fail(err, `put ${key}`);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const objectKey = this.objectKey(key);
    await this.ready();
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      if (!out.Body) return Buffer.alloc(0);
      const bytes = await out.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      if (isNoSuchKey(err)) return null;
      throw this.fail(err, `get ${key}`);
    }
  }

  async stream(key: string, range?: { start: number; end?: number }): Promise<Readable | null> {
    const objectKey = this.objectKey(key);
    checkRange(range);
    await this.ready();
    // A whole-object read sends no Range header (s3rver answers 206 with a wrong length for bytes=0- of an empty object).
    const header = range && (range.start > 0 || range.end !== undefined) ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey, Range: header }));
      if (!out.Body) return Readable.from([]);
      if (!(out.Body instanceof Readable)) throw new Error('the SDK returned a body that is not a Node stream');
      return range && header ? fitToRange(out.Body, out.ContentRange, range) : out.Body;
    } catch (err) {
      if (isNoSuchKey(err)) return null;
      // 416: the range starts at or past the end; the local store yields an empty stream there, and so does this one.
      if (statusOf(err) === 416) return Readable.from([]);
      throw this.fail(err, `stream ${key}`);
    }
  }

  async stat(key: string): Promise<BlobInfo | null> {
    const objectKey = this.objectKey(key);
    await this.ready();
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return { key, size: out.ContentLength ?? 0, modifiedAt: (out.LastModified ?? new Date(0)).toISOString() };
    } catch (err) {
      // HEAD has no body, so a miss is a bare 404 (NotFound); the bucket itself was checked in ready().
      if (statusOf(err) === 404) return null;
      throw this.fail(err, `stat ${key}`);
    }
  }

  async delete(key: string): Promise<boolean> {
    if (!(await this.stat(key))) return false;
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (err) {
      if (isNoSuchKey(err)) return false;
      throw this.fail(err, `delete ${key}`);
    }
  }

  async list(prefix: string, options: { limit?: number; after?: string } = {}): Promise<BlobInfo[]> {
    this.assertOpen();
    await this.ready();
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const found: BlobInfo[] = [];
    let token: string | undefined;
    try {
      while (found.length < limit) {
        const page: ListObjectsV2CommandOutput = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            MaxKeys: Math.min(this.pageSize, limit - found.length),
            ...(token ? { ContinuationToken: token } : options.after ? { StartAfter: this.prefix + options.after } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          if (!object.Key?.startsWith(this.prefix) || found.length >= limit) continue;
          found.push({
            key: object.Key.slice(this.prefix.length),
            size: object.Size ?? 0,
            modifiedAt: (object.LastModified ?? new Date(0)).toISOString(),
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
        if (!token) break;
      }
    } catch (err) {
      throw this.fail(err, `list ${prefix}`);
    }
    return found;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.destroy();
  }

  private objectKey(key: string): string {
    this.assertOpen();
    assertValidKey(key);
    return this.prefix + key;
  }

  private assertOpen(): void {
    if (this.closed) throw new BlobStoreError('blob_closed', `${this.where}: the blob store is closed`);
  }

  private ready(): Promise<void> {
    this.bucketChecked ??= this.client.send(new HeadBucketCommand({ Bucket: this.bucket })).then(
      () => undefined,
      (err: unknown) => {
        this.bucketChecked = undefined;
        throw this.fail(err, 'check bucket', statusOf(err) === 404 ? 'blob_bucket_missing' : undefined);
      },
    );
    return this.bucketChecked;
  }

  /** A BlobStoreError that names the endpoint and bucket, says what to check, and never carries the secret. */
  private fail(err: unknown, operation: string, forced?: BlobStoreErrorCode): BlobStoreError {
    if (err instanceof BlobStoreError) return err;
    const e = (err ?? {}) as SdkErrorShape;
    const status = e.$metadata?.httpStatusCode;
    const name = e.name ?? 'Error';
    const detail = e.message && e.message !== 'UnknownError' ? e.message : `${name}${status ? ` (HTTP ${status})` : ''}`;
    let code: BlobStoreErrorCode = forced ?? 'blob_storage_error';
    if (!forced && name === 'NoSuchBucket') code = 'blob_bucket_missing';
    else if (!forced && (status === 403 || ACCESS_DENIED_NAMES.has(name))) code = 'blob_access_denied';
    else if (!forced && ((e.code && UNREACHABLE_CODES.has(e.code)) || name === 'TimeoutError')) code = 'blob_unreachable';
    let text: string;
    if (code === 'blob_bucket_missing') text = 'the bucket does not exist (create it, or fix the bucket name/endpoint)';
    else if (code === 'blob_access_denied') {
      const who = this.accessKeyId ? `access key id "${this.accessKeyId}"` : 'the default AWS credential chain';
      text = `access denied for ${who}: the credentials were refused or lack permission (${detail})`;
    } else if (code === 'blob_unreachable') text = `the endpoint is unreachable: ${detail}`;
    else if (name === 'PermanentRedirect' || status === 301) text = `the bucket is in another region or needs another endpoint (${detail})`;
    else text = detail;
    if (e.abortError) text += '; aborting the multipart upload failed too, so parts may linger until a lifecycle rule removes them';
    const message = this.redact(`${this.where}: ${operation} failed: ${text}`);
    return new BlobStoreError(code, message, { cause: err });
  }

  private redact(text: string): string {
    return this.secret.length >= 4 ? text.split(this.secret).join('[redacted]') : text;
  }
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (!trimmed) return '';
  assertValidKey(trimmed);
  return `${trimmed}/`;
}

/** The endpoint without any user:password part. */
function describeEndpoint(endpoint: string | undefined, region: string): string {
  if (!endpoint) return `AWS S3 (${region})`;
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return endpoint.replace(/\/\/[^@/]*@/, '//');
  }
}

function checkRange(range: { start: number; end?: number } | undefined): void {
  if (!range) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw new RangeError(`invalid byte range ${JSON.stringify(range)}`);
  }
}

/**
 * Trims a ranged response to the range asked for. S3 serves exactly the range, but some servers do not (s3rver ignores
 * `bytes=0-0`; others answer 200 with the whole object), and a caller must never get bytes it did not ask for.
 */
function fitToRange(body: Readable, contentRange: string | undefined, range: { start: number; end?: number }): Readable {
  const served = contentRange ? /^bytes (\d+)-(\d+)\/(?:\d+|\*)$/.exec(contentRange) : null;
  const servedStart = served ? Number(served[1]) : 0;
  const servedEnd = served ? Number(served[2]) : Number.POSITIVE_INFINITY;
  const wantedEnd = range.end ?? Number.POSITIVE_INFINITY;
  if (servedStart === range.start && servedEnd <= wantedEnd) return body;
  if (servedStart > range.start) {
    body.destroy();
    throw new Error(`the server answered range ${range.start}-${range.end ?? ''} with ${contentRange ?? 'the whole object'}`);
  }
  let skip = range.start - servedStart;
  let take = wantedEnd - range.start + 1;
  return Readable.from(
    (async function* () {
      for await (const raw of body) {
        let chunk = raw as Buffer;
        if (skip > 0) {
          const n = Math.min(skip, chunk.length);
          chunk = chunk.subarray(n);
          skip -= n;
        }
        if (chunk.length === 0) continue;
        if (chunk.length >= take) {
          yield chunk.subarray(0, take);
          return;
        }
        take -= chunk.length;
        yield chunk;
      }
    })(),
  );
}

function statusOf(err: unknown): number | undefined {
  return (err as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
}

function isNoSuchKey(err: unknown): boolean {
  const name = (err as SdkErrorShape | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound';
}
