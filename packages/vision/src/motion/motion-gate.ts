/**
 * Motion gate (pure, synchronous): per frame, decides whether the detector must run.
 *
 * - Change is measured on a small gray copy of the frame (160 px wide by default) against a slowly learnt background,
 *   per block, with an illumination-robust residual (see block-change.ts): lights switching on or off, auto exposure
 *   and slow daylight changes are explained by a per-block gain and offset and do not count.
 * - Noise-adaptive: each block learns its own noise level, the frame-wide median residual raises the bar for the whole
 *   frame (low-light sensor noise, compression flicker), and a change must form a blob of at least `minBlobBlocks`.
 * - A change over most of the frame at once (`globalChangeFraction`) is taken as a lighting or camera event: the
 *   background is re-learnt from this frame and nothing fires.
 * - Never starves the tracker: after motion the detector keeps running for `holdS`; while the tracker has live tracks
 *   it runs at least every `keepAliveS`; and it runs at least every `heartbeatS` in any case (objects that stand
 *   still from the start are found eventually).
 */
import { downscaleGray } from '../frames/frame-convert';
import type { Frame } from '../types';
import { BlockChangeDetector, type BlockChangeOptions, changedBlobs } from './block-change';

export interface MotionGateOptions extends BlockChangeOptions {
  /** Width of the analysed gray copy; wider frames are downscaled. Default 160. */
  width?: number;
  /** Background learning rate per analysed frame where nothing changed. Default 0.05. */
  backgroundRate?: number;
  /** Background learning rate where something changed. Default 0.002. */
  changedBackgroundRate?: number;
  /**
   * A block that differs from the background but has stopped changing between frames for this long is absorbed into
   * the background (a parked car, a moved chair, the camera's start-up exposure). Default 2 s.
   */
  absorbAfterS?: number;
  /** Smallest group of changed blocks that counts as motion. Default 2. */
  minBlobBlocks?: number;
  /** Share of changed blocks above which a change is global (lighting, camera): re-learn, do not fire. Default 0.4. */
  globalChangeFraction?: number;
  /** Keep running this long after the last motion. Default 1 s. */
  holdS?: number;
  /** While tracks are alive, run at least this often. Default 0.8 s. */
  keepAliveS?: number;
  /** Run at least this often regardless (0 = never). Default 10 s. */
  heartbeatS?: number;
}

export type GateReason = 'warmup' | 'motion' | 'hold' | 'keepalive' | 'heartbeat' | 'lighting' | 'idle';

export interface GateDecision {
  /** Run the detector on this frame. */
  run: boolean;
  reason: GateReason;
  /** Local motion was seen in this frame. */
  motion: boolean;
  /** A global change (lighting, camera) was seen and absorbed. */
  global: boolean;
  changedBlocks: number;
  totalBlocks: number;
  largestBlob: number;
  /** The frame's median block residual (a noise indicator). */
  noise: number;
}

export interface GateInput {
  /** Any frame (colour or gray, any size); `ptsS` drives the hold and keep-alive timers. */
  frame: Frame;
  /** Confirmed or lost-but-kept tracks in the tracker right now. */
  tracksAlive?: number;
}

export interface MotionGateStats {
  frames: number;
  runs: number;
  skipped: number;
  byReason: Record<GateReason, number>;
}

export class MotionGate {
  private readonly width: number;
  private readonly bgRate: number;
  private readonly bgRateChanged: number;
  private readonly minBlob: number;
  private readonly globalFraction: number;
  private readonly holdS: number;
  private readonly keepAliveS: number;
  private readonly heartbeatS: number;
  private readonly absorbAfterS: number;
  private readonly change: BlockChangeDetector;
  private readonly frameChange: BlockChangeDetector;
  private bg: Float32Array | null = null;
  private prev: Float32Array | null = null;
  /** Per block: since when it has differed from the background without changing between frames (NaN: not). */
  private stationarySince: Float64Array | null = null;
  private bgW = 0;
  private bgH = 0;
  private lastMotionS = Number.NEGATIVE_INFINITY;
  private lastRunS = Number.NEGATIVE_INFINITY;
  private readonly counts: MotionGateStats = {
    frames: 0,
    runs: 0,
    skipped: 0,
    byReason: { warmup: 0, motion: 0, hold: 0, keepalive: 0, heartbeat: 0, lighting: 0, idle: 0 },
  };

  constructor(opts: MotionGateOptions = {}) {
    this.width = Math.max(16, Math.round(opts.width ?? 160));
    this.bgRate = opts.backgroundRate ?? 0.05;
    this.bgRateChanged = opts.changedBackgroundRate ?? 0.002;
    this.minBlob = Math.max(1, opts.minBlobBlocks ?? 2);
    this.globalFraction = opts.globalChangeFraction ?? 0.4;
    this.holdS = opts.holdS ?? 1;
    this.keepAliveS = opts.keepAliveS ?? 0.8;
    this.heartbeatS = opts.heartbeatS ?? 10;
    this.absorbAfterS = opts.absorbAfterS ?? 2;
    this.change = new BlockChangeDetector(opts);
    this.frameChange = new BlockChangeDetector(opts);
  }

  process(input: GateInput): GateDecision {
    const small = downscaleGray(input.frame, this.width);
    const t = input.frame.ptsS;
    const { width: w, height: h, data } = small;
    this.counts.frames += 1;
    if (this.bg === null || this.bgW !== w || this.bgH !== h) {
      this.bg = Float32Array.from(data);
      this.prev = Float32Array.from(data);
      this.stationarySince = null;
      this.bgW = w;
      this.bgH = h;
      this.change.reset();
      this.frameChange.reset();
      return this.decide(t, 'warmup', { motion: false, global: false, changedBlocks: 0, totalBlocks: 0, largestBlob: 0, noise: 0 }, input);
    }
    const bg = this.bg;
    const res = this.change.detect(data, bg, w, h);
    const moved = this.frameChange.detect(data, this.prev!, w, h);
    this.prev!.set(data);
    const { cols, rows } = res;
    const total = cols * rows;
    this.stationarySince ??= new Float64Array(total).fill(Number.NaN);
    // Motion: changed against the background and changing between frames (in the block or next to it).
    const nearMove = dilate(moved.changed, cols, rows);
    const active = new Uint8Array(total);
    let activeCount = 0;
    for (let i = 0; i < total; i++) {
      if (res.changed[i] === 1 && nearMove[i] === 1) {
        active[i] = 1;
        activeCount += 1;
      }
    }
    const global = total > 0 && res.aboveOwnNoise > this.globalFraction * total;
    const largest = changedBlobs(active, cols, rows)[0] ?? 0;
    const motion = !global && largest >= this.minBlob;
    if (global) {
      bg.set(data);
      this.stationarySince.fill(Number.NaN);
    } else {
      this.updateBackground(data, w, h, res.changed, nearMove, cols, rows, t);
    }
    if (motion) this.lastMotionS = t;
    const info = { motion, global, changedBlocks: activeCount, totalBlocks: total, largestBlob: largest, noise: res.medianResidual };
    let reason: GateReason;
    if (motion) reason = 'motion';
    else if (t - this.lastMotionS <= this.holdS) reason = 'hold';
    else if ((input.tracksAlive ?? 0) > 0 && t - this.lastRunS >= this.keepAliveS - 1e-9) reason = 'keepalive';
    else if (this.heartbeatS > 0 && t - this.lastRunS >= this.heartbeatS - 1e-9) reason = 'heartbeat';
    else reason = global ? 'lighting' : 'idle';
    return this.decide(t, reason, info, input);
  }

  get stats(): MotionGateStats {
    return { ...this.counts, byReason: { ...this.counts.byReason } };
  }

  /**
   * Learns the background: quickly where nothing changed, slowly where something did, and all at once for blocks
   * that have differed from the background without moving for `absorbAfterS`.
   */
  private updateBackground(
    data: Uint8Array,
    w: number,
    h: number,
    changed: Uint8Array,
    nearMove: Uint8Array,
    cols: number,
    rows: number,
    t: number,
  ): void {
    const bg = this.bg!;
    const since = this.stationarySince!;
    const s = this.change.blockSize;
    const absorb = new Uint8Array(cols * rows);
    for (let i = 0; i < cols * rows; i++) {
      if (changed[i] === 1 && nearMove[i] === 0) {
        if (Number.isNaN(since[i]!)) since[i] = t;
        else if (t - since[i]! >= this.absorbAfterS) absorb[i] = 1;
      } else {
        since[i] = Number.NaN;
      }
    }
    for (let y = 0; y < h; y++) {
      const by = Math.min(rows - 1, Math.floor(y / s));
      for (let x = 0; x < w; x++) {
        const b = by * cols + Math.min(cols - 1, Math.floor(x / s));
        const i = y * w + x;
        const rate = absorb[b] === 1 ? 1 : changed[b] === 1 ? this.bgRateChanged : this.bgRate;
        bg[i] = bg[i]! + rate * (data[i]! - bg[i]!);
      }
    }
    for (let i = 0; i < cols * rows; i++) if (absorb[i] === 1) since[i] = Number.NaN;
  }

  /** Forgets the background (e.g. after the camera moved or the source restarted). */
  reset(): void {
    this.bg = null;
    this.prev = null;
    this.stationarySince = null;
    this.lastMotionS = Number.NEGATIVE_INFINITY;
    this.lastRunS = Number.NEGATIVE_INFINITY;
  }

  private decide(t: number, reason: GateReason, info: Omit<GateDecision, 'run' | 'reason'>, _input: GateInput): GateDecision {
    const run = reason !== 'idle' && reason !== 'lighting';
    this.counts.byReason[reason] += 1;
    if (run) {
      this.counts.runs += 1;
      this.lastRunS = t;
    } else {
      this.counts.skipped += 1;
    }
    return { run, reason, ...info };
  }
}

/** 1 where a block or one of its 8 neighbours is set. */
function dilate(mask: Uint8Array, cols: number, rows: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      if (mask[y * cols + x] !== 1) continue;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx >= 0 && nx < cols) out[ny * cols + nx] = 1;
        }
      }
    }
  }
  return out;
}
