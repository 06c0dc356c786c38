import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';

/** S3's floor for every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
/** S3's ceiling on the number of parts. */
const MAX_PARTS = 10_000;

export interface UploadTarget {
  client: S3Client;
  bucket: string;
  /** The full object key (store prefix included). */
  objectKey: string;
  contentType: string;
  /** Bytes per part; bodies up to this size go in one PutObject. */
  partSize: number;
  /** Parts uploaded in parallel (each holds partSize bytes in memory). */
  queueSize: number;
}

/**
 * Uploads a stream without knowing its length up front: it reads up to one part; a body that ends within it goes in a
 * single PutObject, a longer one in a multipart upload of equal-sized parts (R2 and some others demand equal sizes),
 * at most `queueSize` parts in flight, so memory stays at about (queueSize + 1) × partSize. An object only becomes
 * visible when PutObject or CompleteMultipartUpload succeeds, so readers never see half of it. On failure the
 * multipart upload is aborted (best effort; a bucket lifecycle rule for incomplete uploads catches the rest).
 * Returns the number of bytes stored.
 */
export async function uploadStream(target: UploadTarget, body: Readable): Promise<number> {
  const parts = partsOf(body, target.partSize);
  const first = await parts.next();
  const firstPart = first.done ? Buffer.alloc(0) : first.value;
  if (first.done || firstPart.length < target.partSize) {
    // Whole body within one part: parts is exhausted, since only the last part may be short.
    await putBuffer(target, firstPart);
    return firstPart.length;
  }

  const created = await target.client.send(
    new CreateMultipartUploadCommand({ Bucket: target.bucket, Key: target.objectKey, ContentType: target.contentType }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');

  const completed: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let total = 0;
  const send = (partNumber: number, data: Buffer): void => {
    const task = target.client
      .send(new UploadPartCommand({ Bucket: target.bucket, Key: target.objectKey, UploadId: uploadId, PartNumber: partNumber, Body: data }))
      .then(
        (out) => {
          completed.push({ PartNumber: partNumber, ETag: out.ETag });
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  try {
    let partNumber = 1;
    send(partNumber, firstPart);
    total += firstPart.length;
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      if (failure) break;
      partNumber += 1;
      if (partNumber > MAX_PARTS) throw new Error(`the body needs more than ${MAX_PARTS} parts of ${target.partSize} bytes`);
      send(partNumber, next.value);
      total += next.value.length;
      while (inFlight.size >= target.queueSize && !failure) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    completed.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await target.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.objectKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: completed },
      }),
    );
    return total;
  } catch (err) {
    await parts.return(undefined);
    await Promise.all(inFlight);
    try {
      await target.client.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.objectKey, UploadId: uploadId }));
    } catch (abortErr) {
      // The upload failure is what the caller needs; the abort failure only adds that parts may linger.
      throw Object.assign(err instanceof Error ? err : new Error(String(err)), {
        abortError: abortErr,
      });
    }
    throw err;
  }
}

export async function putBuffer(target: Omit<UploadTarget, 'partSize' | 'queueSize'>, data: Buffer): Promise<void> {
  await target.client.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: target.objectKey,
      Body: data,
      ContentLength: data.length,
      ContentType: target.contentType,
    }),
  );
}

/** Cuts a stream into parts of exactly `size` bytes (the last one may be shorter). */
async function* partsOf(body: Readable, size: number): AsyncGenerator<Buffer, void, undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const raw of body) {
    let chunk: Buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as string);
    while (pendingBytes + chunk.length >= size) {
      const take = size - pendingBytes;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending, size);
      chunk = chunk.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
