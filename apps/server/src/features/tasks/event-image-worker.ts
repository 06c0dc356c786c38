/**
 * Worker thread of the event image pool (event-image-pool.ts): encodes the snapshot and crop JPEGs of one firing with
 * jpeg-js off the main thread. The frame's pixels arrive transferred (a copy the job made); the JPEGs go back
 * transferred too.
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { eventImages } from './snapshot-jpeg';
import type { ImageJobMessage, ImageResultMessage } from './event-image-messages';

const port = parentPort;
if (!port) throw new Error('event-image-worker.ts runs as a worker thread');

// The images are stored after their event is published, so nothing waits for them: this thread yields the CPU to
// decoding and detection (on Linux the nice value is per thread; the rest of the server keeps its own). jpeg-js
// takes 50-70 ms of CPU per firing, and a start-up burst (everyone in view firing at once) is dozens of firings.
// Nice 10, not 19: at 19 a machine busy with other work starved the encoder until its queue overflowed and events
// were published without images (bench:rules under a load average of 8).
export const IMAGE_WORKER_NICE = 10;
try {
  os.setPriority(IMAGE_WORKER_NICE);
} catch (err) {
  // Images are still encoded, at normal priority.
  process.emitWarning(`could not lower the event image worker's priority: ${(err as Error).message}`);
}

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
