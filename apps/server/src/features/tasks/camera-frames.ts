import { resolveMediaTarget } from '@argus/media';
import { openFrameSource, type FrameSourceLike } from '@argus/vision';

export type FrameSourceKind = 'stream' | 'direct';

export interface CameraInput {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** The camera has a sub-stream: live analysis decodes it (smaller, cheaper) instead of the main stream. */
  hasSubStream?: boolean;
}

/** When a frame was taken: the wall clock it reached the server and its time on the live stream's decode timeline. */
export interface FrameTiming {
  wallMs: number;
  decodeTimeS: number;
}

export interface OpenedFrames {
  kind: FrameSourceKind;
  source: FrameSourceLike;
  /** Per-frame timing by frame index (stream sources; direct sources stamp frames on arrival). */
  timing?: (index: number) => FrameTiming | undefined;
}

export interface FrameOpenOptions {
  fps: number;
  width: number;
  realtime?: boolean;
  startS?: number;
  durationS?: number;
  /** The camera (stream sources subscribe to its live upstream). */
  cameraId?: string;
  /** Decode only key frames (the cheap mode for very many cameras). */
  keyframesOnly?: boolean;
}

/**
 * Where a job's frames come from. `directFrames` opens the camera URL (or a file) with ffmpeg through
 * packages/vision's frame source; `streamFrames` (stream-frames.ts) decodes the camera's shared live upstream. Every
 * job says which kind it uses in its status.
 */
export interface CameraFrames {
  open(input: CameraInput, opts: FrameOpenOptions): Promise<OpenedFrames>;
}

export const directFrames: CameraFrames = {
  async open(input, opts) {
    const target = resolveMediaTarget(input.url, input.username, input.password);
    if (!target.ok) throw new Error(target.message);
    const raw = target.target.kind === 'file' ? target.target.input.replace(/^file:/, '') : target.target.input;
    const source = await openFrameSource({
      input: raw,
      fps: opts.fps,
      width: opts.width,
      pacing: opts.realtime === false ? 'fast' : 'realtime',
      ...(opts.keyframesOnly ? { keyframesOnly: true } : {}),
      ...(opts.startS !== undefined ? { startS: opts.startS } : {}),
      ...(opts.durationS !== undefined ? { durationS: opts.durationS } : {}),
      ...(target.target.kind === 'file' ? {} : { endIsError: true }),
    });
    return { kind: 'direct', source };
  },
};
