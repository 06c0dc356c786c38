import { randomBytes } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ClosedSegment, RecorderOptions, RecordingEngine } from '../../../src/features/recordings/engine-port';

/**
 * A stand-in for the recording engine that hands over real, pre-cut fragmented-MP4 segments (see cut-segments.ts)
 * as if a camera were recorded: copies into the work folder, wall-clock start times, one session per start, the
 * engine's back-pressure (waits for onSegment). For testing the server side without a live stream.
 */
export class ReplayEngine implements RecordingEngine {
  readonly runs: Array<{ sourceId: string; sessionId: string; stopped: boolean }> = [];

  constructor(
    private readonly templates: readonly ClosedSegment[],
    private readonly opts: { periodMs: number; maxSegments?: number; restartGapMs?: number },
  ) {}

  /** Where the next run of a source starts: after the previous run, plus an outage. */
  private readonly nextStart = new Map<string, number>();

  start(o: RecorderOptions) {
    const sessionId = `replay-${randomBytes(3).toString('hex')}`;
    const run = { sourceId: o.sourceId, sessionId, stopped: false };
    this.runs.push(run);
    let wake: (() => void) | null = null;
    const sleep = (ms: number) => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    const loop = async () => {
      await mkdir(o.workDir, { recursive: true });
      o.onState?.({ status: 'recording', since: Date.now(), segments: 0 });
      const resume = this.nextStart.get(o.sourceId);
      let startMs = Math.max(Date.now() - (this.templates[0]?.durationMs ?? 0), resume === undefined ? 0 : resume + (this.opts.restartGapMs ?? 10_000));
      for (let seq = 0; !run.stopped && seq < (this.opts.maxSegments ?? Number.MAX_SAFE_INTEGER); seq++) {
        const tpl = this.templates[seq % this.templates.length] as ClosedSegment;
        const file = path.join(o.workDir, `${o.sourceId}.${sessionId}.${String(seq).padStart(6, '0')}.mp4`);
        await copyFile(tpl.file, file);
        await o.onSegment({ ...tpl, sourceId: o.sourceId, file, startMs, sessionId, sequence: seq, recovered: false });
        startMs += tpl.durationMs;
        this.nextStart.set(o.sourceId, startMs);
        await sleep(this.opts.periodMs);
      }
    };
    const done = loop().catch((err: unknown) => o.onState?.({ status: 'failing', reason: (err as Error).message, attempt: 1, retryInMs: 1000 }));
    return {
      stop: async () => {
        run.stopped = true;
        wake?.();
        await done;
        o.onState?.({ status: 'stopped' });
      },
    };
  }

  async recover(): Promise<ClosedSegment[]> {
    return [];
  }
}
