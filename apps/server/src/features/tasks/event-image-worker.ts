/**
 * Worker thread of the event image pool (event-image-pool.ts): encodes the snapshot and crop JPEGs of one firing with
 * jpeg-js off the main thread. The frame's pixels arrive transferred (a copy the job made); the JPEGs go back
 * transferred too.
 */
import { parentPort } from 'node:worker_threads';
import { eventImages } from './snapshot-jpeg';
import type { ImageJobMessage, ImageResultMessage } from './event-image-messages';

const port = parentPort;
if (!port) throw new Error('event-image-worker.ts runs as a worker thread');

port.on('message', (m: ImageJobMessage) => {
  try {
    const started = performance.now();
    const frame = { width: m.width, height: m.height, format: m.format, data: new Uint8Array(m.pixels), ptsS: 0, index: 0 };
    const { snapshot, crop } = eventImages(frame, m.boxes, { quality: m.quality, maxWidth: m.maxWidth });
    const snap = new Uint8Array(snapshot).buffer;
    const cr = crop ? new Uint8Array(crop).buffer : null;
    const out: ImageResultMessage = { id: m.id, snapshot: snap, crop: cr, encodeMs: performance.now() - started };
    port.postMessage(out, cr ? [snap, cr] : [snap]);
  } catch (err) {
    const out: ImageResultMessage = { id: m.id, error: (err as Error).message || String(err) };
    port.postMessage(out);
  }
});
