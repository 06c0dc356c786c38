/**
 * Streams a request body to a new file with a byte limit, for bodies without a (trustworthy) Content-Length, such as
 * chunked uploads. Past the limit nothing more is written and the call rejects with the caller's error, but the rest
 * of the body is first read and dropped (up to `discardMaxBytes` more): destroying the request instead would reset
 * the connection under a client that is still sending, and it would never see the 413. A body that goes on past that
 * bound is cut off (the connection is closed), so a client cannot keep the server reading forever.
 */
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface BodyToFileOptions {
  maxBytes: number;
  /** The error to reject with when the body is larger than maxBytes. */
  tooLarge: () => Error;
  /** How much of an oversized body is still read (and dropped) so the client gets the answer; default 64 MiB. */
  discardMaxBytes?: number;
}

const DEFAULT_DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/** Resolves with the body's size; the file is created with 'wx' (never overwrites). The caller removes it on error. */
export async function bodyToFile(body: Readable, file: string, opts: BodyToFileOptions): Promise<number> {
  let size = 0;
  let over = false;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > opts.maxBytes) {
        over = true;
        done(opts.tooLarge());
      } else done(null, chunk);
    },
  });
  // The body is piped, not put in the pipeline: a pipeline error would destroy the request (and its socket).
  const onAbort = (): void => {
    if (!body.readableEnded) limiter.destroy(new Error('the client closed the upload before it ended'));
  };
  body.on('error', onAbort);
  body.on('close', onAbort);
  body.pipe(limiter);
  try {
    await pipeline(limiter, createWriteStream(file, { flags: 'wx' }));
    return size;
  } catch (err) {
    body.unpipe(limiter);
    if (over) await discardRest(body, opts.discardMaxBytes ?? DEFAULT_DISCARD_MAX_BYTES);
    throw err;
  } finally {
    body.off('error', onAbort);
    body.off('close', onAbort);
  }
}

/** Reads and drops what is left of `body`; past `maxBytes` more it destroys it. Resolves when it ended or closed. */
function discardRest(body: Readable, maxBytes: number): Promise<void> {
  if (body.readableEnded || body.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const finish = (): void => {
      body.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      dropped += chunk.length;
      if (dropped > maxBytes) body.destroy();
    };
    body.on('data', onData);
    body.once('end', finish);
    body.once('close', finish);
    body.once('error', () => undefined);
    body.resume();
  });
}
