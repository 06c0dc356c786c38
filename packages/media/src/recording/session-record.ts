/**
 * The session record: a small JSON file per ffmpeg run in the work folder, written by us (ffmpeg writes the segment
 * list). It keeps what crash recovery cannot read from the segments: the run's wall-clock anchor and ffmpeg's pid.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { STREAM_TIME_OFFSET_S } from './ffmpeg-args';

export interface SessionRecord {
  version: 1;
  sourceId: string;
  sessionId: string;
  /** ffmpeg's pid (also its process group id); null before it started. */
  pid: number | null;
  startedAtMs: number;
  /** Epoch ms of stream time 0 (see WallClockAnchor), null until the first packet. */
  anchorMs: number | null;
  /** True once the anchor was frozen (the first segment was handed over). */
  anchorFinal: boolean;
  /** Seconds added to every timestamp of the run (ffmpeg -initial_offset). */
  streamOffsetS: number;
}

export function newSessionRecord(sourceId: string, sessionId: string, startedAtMs: number): SessionRecord {
  return { version: 1, sourceId, sessionId, pid: null, startedAtMs, anchorMs: null, anchorFinal: false, streamOffsetS: STREAM_TIME_OFFSET_S };
}

/** Writes atomically (temp file + rename), so a crash leaves the old or the new record, never half of one. */
export async function writeSessionRecord(file: string, record: SessionRecord): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, `${JSON.stringify(record)}\n`);
  await rename(temp, file);
}

/** The record, or null when missing or unreadable (recovery then falls back to file times). */
export async function readSessionRecord(file: string): Promise<SessionRecord | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const data = JSON.parse(text) as Partial<SessionRecord>;
    if (data.version !== 1 || typeof data.sessionId !== 'string') return null;
    return {
      version: 1,
      sourceId: String(data.sourceId ?? ''),
      sessionId: data.sessionId,
      pid: typeof data.pid === 'number' ? data.pid : null,
      startedAtMs: Number(data.startedAtMs ?? 0),
      anchorMs: typeof data.anchorMs === 'number' && Number.isFinite(data.anchorMs) ? data.anchorMs : null,
      anchorFinal: data.anchorFinal === true,
      streamOffsetS: typeof data.streamOffsetS === 'number' ? data.streamOffsetS : STREAM_TIME_OFFSET_S,
    };
  } catch {
    return null; // a corrupt record is as good as none: recovery uses the files' own times
  }
}

/** Serialises writes of one record file and drops superseded ones (only the latest state matters). */
export class SessionRecordWriter {
  private latest: SessionRecord;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;
  private lastError: Error | null = null;

  constructor(
    private readonly file: string,
    initial: SessionRecord,
  ) {
    this.latest = initial;
  }

  get record(): SessionRecord {
    return this.latest;
  }

  get error(): Error | null {
    return this.lastError;
  }

  /** Updates the record and schedules a write; resolves when a write including this update has finished. */
  update(patch: Partial<SessionRecord>): Promise<void> {
    this.latest = { ...this.latest, ...patch };
    if (this.dirty) return this.writing;
    this.dirty = true;
    this.writing = this.writing.then(async () => {
      this.dirty = false;
      try {
        await writeSessionRecord(this.file, this.latest);
      } catch (err) {
        this.lastError = err as Error;
      }
    });
    return this.writing;
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
