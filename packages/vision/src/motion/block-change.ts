/**
 * Illumination-robust change detection on small gray frames, per block (pure).
 *
 * Each block of the current frame C is compared with the same block of a background model B by the residual of the
 * best affine fit C ≈ α·B + β with the gain α limited to a plausible range: residual = var(C) − 2α·cov(B, C) + α²·var(B)
 * at α = clamp(cov / var(B)). A change of lighting (brighter, darker, contrast up or down) is explained by α and β and
 * leaves a residual at the noise level; an object (new texture, or texture covered by something flat) is not.
 * Each block keeps a running estimate of its own residual noise, so flickering or noisy areas (sensor noise in low
 * light, compression) need a larger change; the threshold is `k²` times the larger of that, the frame-wide median
 * residual, and a floor.
 */

export interface BlockChangeOptions {
  /** Block side in pixels. Default 4 (on a 160-px-wide frame). */
  blockSize?: number;
  /** Gain range a lighting change may apply to a block. Default [0.4, 2.5]. */
  minGain?: number;
  maxGain?: number;
  /** Threshold factor on the noise standard deviation. Default 4. */
  k?: number;
  /** Residual variance below which nothing counts as change (grey levels²). Default 0.25 (dark scenes need it low). */
  noiseFloor?: number;
  /** Learning rate of the per-block noise estimate. Default 0.05. */
  noiseRate?: number;
}

export interface BlockChangeResult {
  cols: number;
  rows: number;
  /** 1 where the block changed. */
  changed: Uint8Array;
  changedCount: number;
  /** Blocks whose residual is beyond their own noise level (before the frame-wide median raises the bar). */
  aboveOwnNoise: number;
  /** Median residual variance over all blocks of this frame. */
  medianResidual: number;
}

export class BlockChangeDetector {
  readonly blockSize: number;
  private readonly minGain: number;
  private readonly maxGain: number;
  private readonly k2: number;
  private readonly floor: number;
  private readonly noiseRate: number;
  private noise: Float32Array | null = null;
  private cols = 0;
  private rows = 0;

  constructor(opts: BlockChangeOptions = {}) {
    this.blockSize = Math.max(2, Math.round(opts.blockSize ?? 4));
    this.minGain = opts.minGain ?? 0.4;
    this.maxGain = opts.maxGain ?? 2.5;
    this.k2 = (opts.k ?? 4) ** 2;
    this.floor = opts.noiseFloor ?? 0.25;
    this.noiseRate = opts.noiseRate ?? 0.05;
  }

  /** Residual variance per block of `cur` against `bg` (both width×height, gray, bg as floats). */
  residuals(cur: Uint8Array, bg: Float32Array, width: number, height: number): Float32Array {
    const s = this.blockSize;
    const cols = Math.floor(width / s);
    const rows = Math.floor(height / s);
    const out = new Float32Array(cols * rows);
    const n = s * s;
    for (let by = 0; by < rows; by++) {
      for (let bx = 0; bx < cols; bx++) {
        let sc = 0;
        let sb = 0;
        let scc = 0;
        let sbb = 0;
        let sbc = 0;
        for (let y = by * s; y < by * s + s; y++) {
          let i = y * width + bx * s;
          for (let x = 0; x < s; x++, i++) {
            const c = cur[i]!;
            const b = bg[i]!;
            sc += c;
            sb += b;
            scc += c * c;
            sbb += b * b;
            sbc += b * c;
          }
        }
        const mc = sc / n;
        const mb = sb / n;
        const vc = Math.max(0, scc / n - mc * mc);
        const vb = Math.max(0, sbb / n - mb * mb);
        const cov = sbc / n - mb * mc;
        const gain = vb > 1e-6 ? Math.min(this.maxGain, Math.max(this.minGain, cov / vb)) : 1;
        out[by * cols + bx] = Math.max(0, vc - 2 * gain * cov + gain * gain * vb);
      }
    }
    return out;
  }

  /**
   * Detects changed blocks and updates the noise estimates of the blocks that stayed within their own noise.
   * `changed` uses the threshold raised by the frame-wide median (robust when the whole frame got noisier);
   * `aboveOwnNoise` counts blocks beyond their own noise level only, which is what tells a global change (lighting
   * that the gain model cannot explain, a scene cut) from a local one.
   */
  detect(cur: Uint8Array, bg: Float32Array, width: number, height: number): BlockChangeResult {
    const r = this.residuals(cur, bg, width, height);
    const s = this.blockSize;
    const cols = Math.floor(width / s);
    const rows = Math.floor(height / s);
    if (this.noise === null || this.cols !== cols || this.rows !== rows) {
      this.cols = cols;
      this.rows = rows;
      this.noise = new Float32Array(cols * rows).fill(this.floor);
    }
    const sorted = Float32Array.from(r).sort();
    const median = sorted.length > 0 ? sorted[sorted.length >> 1]! : 0;
    const changed = new Uint8Array(cols * rows);
    let changedCount = 0;
    let aboveOwnNoise = 0;
    const noise = this.noise;
    for (let i = 0; i < r.length; i++) {
      const own = this.k2 * Math.max(noise[i]!, this.floor);
      if (r[i]! > own) {
        aboveOwnNoise += 1;
        if (r[i]! > this.k2 * median) {
          changed[i] = 1;
          changedCount += 1;
        }
      } else {
        noise[i] = noise[i]! + this.noiseRate * (r[i]! - noise[i]!);
      }
    }
    return { cols, rows, changed, changedCount, aboveOwnNoise, medianResidual: median };
  }

  reset(): void {
    this.noise = null;
  }
}

/** Sizes (in blocks) of the 8-connected groups of changed blocks, largest first. */
export function changedBlobs(changed: Uint8Array, cols: number, rows: number): number[] {
  const seen = new Uint8Array(changed.length);
  const sizes: number[] = [];
  const stack: number[] = [];
  for (let start = 0; start < changed.length; start++) {
    if (changed[start] !== 1 || seen[start] === 1) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      size += 1;
      const x = i % cols;
      const y = (i - x) / cols;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
          const j = ny * cols + nx;
          if (changed[j] === 1 && seen[j] === 0) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    sizes.push(size);
  }
  return sizes.sort((a, b) => b - a);
}
