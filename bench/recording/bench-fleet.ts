/**
 * The processes the recording benchmark measures: SourceRecorders configured as the server runs them (segment
 * length and stall timeout of the server's defaults, live view on: a RecorderFeed per recorder, with nobody watching
 * unless `listen`, each segment ingested into a local-disk blob store), and bare `ffmpeg -c copy` baselines.
 */
import { spawn } from 'node:child_process';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { LocalBlobStore } from '../../apps/server/src/adapters/blob/local-blob-store';
import { RecorderFeed } from '../../apps/server/src/features/live/recorder-feeds';
import { putSegmentFile, storageKeyOf } from '../../apps/server/src/features/recordings/segment-ingest';
import type { MediaTools } from '../../packages/media/src/media-tools';
import { segmentFormatOptions } from '../../packages/media/src/recording/ffmpeg-args';
import { SourceRecorder } from '../../packages/media/src/recording/source-recorder';
import type { ClosedSegment } from '../../packages/media/src/recording/types';

/** The server's defaults (apps/server/src/config/schema.ts recording.*, features/live/live.config.ts fragmentMs). */
export const SERVER_DEFAULTS = { segmentSeconds: 4, stallTimeoutSeconds: 10, backoffInitialMs: 1000, backoffMaxMs: 30_000, liveFragmentMs: 100 };

/** BENCH_STATS_PERIOD_S: another progress heartbeat period than the server's (to measure what the heartbeat costs). */
const STATS_PERIOD_S = process.env.BENCH_STATS_PERIOD_S ? Number(process.env.BENCH_STATS_PERIOD_S) : undefined;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RecorderHandle {
  recorder: SourceRecorder;
  segments: ClosedSegment[];
  feed: RecorderFeed | null;
  /** What the attached listener received (listen: true). */
  received: { fragments: number; bytes: number; inits: number };
}

export interface FleetOptions {
  tools: MediaTools;
  url: (i: number) => string;
  dir: string;
  tag: string;
  /** Attach the live tap (as the server does whenever live view is enabled, its default). */
  liveTap: boolean;
  /** Attach one listener to each recorder's feed (someone watches every camera), as the live upstream does. */
  listen?: boolean;
}

/**
 * Starts `count` recorders, 50 ms apart (the GStreamer test camera stalls some sessions when dozens connect at
 * once). Each closed segment goes into the blob store as the server's ingest stores it (putSegmentFile, then the
 * work file is deleted); the blob is deleted right away too (retention's delete, early) to keep the disk small.
 * Not included: the segment index insert (the metadata DB).
 */
export async function startRecorders(opts: FleetOptions, count: number, first = 0): Promise<RecorderHandle[]> {
  const blobs = new LocalBlobStore(path.join(opts.dir, `${opts.tag}-blobs`));
  const handles: RecorderHandle[] = [];
  for (let i = 0; i < count; i += 1) {
    const segments: ClosedSegment[] = [];
    const sourceId = `${opts.tag}-${i}`;
    const feed = opts.liveTap ? new RecorderFeed(sourceId, SERVER_DEFAULTS.liveFragmentMs, () => undefined) : null;
    const received = { fragments: 0, bytes: 0, inits: 0 };
    if (feed && opts.listen === true) {
      feed.attach({
        onState: () => undefined,
        onInit: () => void (received.inits += 1),
        onFragment: (f) => {
          received.fragments += 1;
          received.bytes += f.data.length;
        },
      });
    }
    const recorder = new SourceRecorder(
      {
        sourceId,
        input: { url: opts.url(first + i) },
        workDir: path.join(opts.dir, sourceId),
        segmentSeconds: SERVER_DEFAULTS.segmentSeconds,
        stallTimeoutSeconds: SERVER_DEFAULTS.stallTimeoutSeconds,
        backoff: { initialMs: SERVER_DEFAULTS.backoffInitialMs, maxMs: SERVER_DEFAULTS.backoffMaxMs },
        loopFiles: false,
        async onSegment(segment) {
          segments.push(segment);
          const key = storageKeyOf(sourceId, segment);
          await putSegmentFile(blobs, key, segment.file);
          await unlink(segment.file);
          await blobs.delete(key);
        },
        ...(feed ? { live: feed } : {}),
      },
      { tools: opts.tools, killGraceMs: 5000, ...(STATS_PERIOD_S !== undefined ? { statsPeriodS: STATS_PERIOD_S } : {}) },
    );
    recorder.start();
    handles.push({ recorder, segments, feed, received });
    await sleep(50);
  }
  return handles;
}

export async function closeRecorders(handles: readonly RecorderHandle[]): Promise<void> {
  await Promise.all(handles.map((h) => h.recorder.close()));
  for (const h of handles) h.feed?.close();
}

export function recorderPids(handles: readonly RecorderHandle[]): number[] {
  return handles.map((h) => h.recorder.stats().pid).filter((p): p is number => p !== null);
}

export async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

export interface BareHandle {
  pid: number;
  stop(): Promise<void>;
}

/** The baseline: ffmpeg alone, stream copy into the same fragmented-MP4 segments, no supervision, no progress. */
export function startBare(tools: MediaTools, url: string, dir: string): BareHandle {
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error',
    '-rtsp_transport', 'tcp', '-i', url,
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'segment', '-segment_time', String(SERVER_DEFAULTS.segmentSeconds), '-segment_wrap', '4',
    '-segment_format', 'mp4', '-segment_format_options', segmentFormatOptions(),
    path.join(dir, 'bare-%02d.mp4'),
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const pid = child.pid!;
  return {
    pid,
    async stop() {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
