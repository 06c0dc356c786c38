/**
 * YOLOX letterbox pre-processing, pure: scale the frame by r = min(H/h, W/w) with bilinear interpolation
 * (OpenCV INTER_LINEAR's half-pixel mapping, no anti-aliasing, like YOLOX's `preproc`), paste it at the top-left
 * corner of an HxW canvas filled with 114, and write it as float32 NCHW (0-255, no normalisation), channels in the
 * order the model wants (BGR for YOLOX). Plus the inverse mapping of boxes back to frame pixels.
 */
import type { Box, Frame } from '../types';

export interface LetterboxOptions {
  /** Model input size. */
  width: number;
  height: number;
  /** Channel order of the tensor; default 'bgr' (YOLOX). */
  channelOrder?: 'bgr' | 'rgb';
  /** Canvas value outside the image; default 114. */
  padValue?: number;
  /** Write into this tensor (length >= offset + 3*width*height) instead of allocating one. */
  out?: Float32Array;
  /** Element offset into `out` (for the n-th image of a batch: n*3*width*height). */
  offset?: number;
}

export interface LetterboxResult {
  tensor: Float32Array;
  /** r: tensor pixels per frame pixel. */
  scale: number;
  /** Size of the scaled image inside the canvas (the rest is padding). */
  resizedWidth: number;
  resizedHeight: number;
}

export function letterboxScale(frameWidth: number, frameHeight: number, width: number, height: number): number {
  return Math.min(height / frameHeight, width / frameWidth);
}

/** Per output coordinate: the two source indices and the weight of the second (OpenCV INTER_LINEAR mapping). */
function linearTaps(dst: number, src: number): { i0: Int32Array; i1: Int32Array; w1: Float32Array } {
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const w1 = new Float32Array(dst);
  const s = src / dst;
  for (let d = 0; d < dst; d++) {
    let f = (d + 0.5) * s - 0.5;
    if (f < 0) f = 0;
    let a = Math.floor(f);
    let w = f - a;
    if (a >= src - 1) {
      a = src - 1;
      w = 0;
    }
    i0[d] = a;
    i1[d] = Math.min(a + 1, src - 1);
    w1[d] = w;
  }
  return { i0, i1, w1 };
}

function channelsOf(frame: Frame): { c: number; src: [number, number, number] } {
  // src[k] = byte offset within a pixel of the k-th BGR channel.
  switch (frame.format) {
    case 'bgr24':
      return { c: 3, src: [0, 1, 2] };
    case 'rgb24':
      return { c: 3, src: [2, 1, 0] };
    case 'gray8':
      return { c: 1, src: [0, 0, 0] };
  }
}

export function checkFrame(frame: Frame): void {
  const { c } = channelsOf(frame);
  if (!Number.isInteger(frame.width) || !Number.isInteger(frame.height) || frame.width <= 0 || frame.height <= 0) {
    throw new RangeError(`frame ${frame.index}: bad size ${frame.width}x${frame.height}`);
  }
  const need = frame.width * frame.height * c;
  if (frame.data.length < need) {
    throw new RangeError(
      `frame ${frame.index}: ${frame.format} ${frame.width}x${frame.height} needs ${need} bytes, got ${frame.data.length}` +
        (frame.data.length === 0 ? ' (was its buffer transferred to a worker?)' : ''),
    );
  }
}

export function letterbox(frame: Frame, opts: LetterboxOptions): LetterboxResult {
  checkFrame(frame);
  const W = opts.width;
  const H = opts.height;
  const plane = W * H;
  const offset = opts.offset ?? 0;
  const tensor = opts.out ?? new Float32Array(3 * plane);
  if (tensor.length < offset + 3 * plane) throw new RangeError(`letterbox: output tensor too small`);
  const pad = opts.padValue ?? 114;
  const r = letterboxScale(frame.width, frame.height, W, H);
  const rw = Math.max(1, Math.min(W, Math.floor(frame.width * r)));
  const rh = Math.max(1, Math.min(H, Math.floor(frame.height * r)));
  const { c, src } = channelsOf(frame);
  const order = opts.channelOrder === 'rgb' ? [src[2], src[1], src[0]] : src;
  const [o0, o1, o2] = order as [number, number, number];
  const p0 = offset;
  const p1 = offset + plane;
  const p2 = offset + 2 * plane;
  for (const p of [p0, p1, p2]) {
    // Padding only: the right strip of the image rows, then every row below the image.
    if (rw < W) for (let y = 0; y < rh; y++) tensor.fill(pad, p + y * W + rw, p + (y + 1) * W);
    tensor.fill(pad, p + rh * W, p + plane);
  }

  const data = frame.data;
  if (rw === frame.width && rh === frame.height) {
    // Already at model scale (the frame source scales for the model): a plain channel-planar copy.
    for (let y = 0; y < rh; y++) {
      let s = y * rw * c;
      const outRow = y * W;
      for (let x = 0; x < rw; x++, s += c) {
        tensor[p0 + outRow + x] = data[s + o0]!;
        tensor[p1 + outRow + x] = data[s + o1]!;
        tensor[p2 + outRow + x] = data[s + o2]!;
      }
    }
    return { tensor, scale: r, resizedWidth: rw, resizedHeight: rh };
  }
  const xs = linearTaps(rw, frame.width);
  const ys = linearTaps(rh, frame.height);
  const stride = frame.width * c;
  for (let y = 0; y < rh; y++) {
    const row0 = ys.i0[y]! * stride;
    const row1 = ys.i1[y]! * stride;
    const wy = ys.w1[y]!;
    const wy0 = 1 - wy;
    const outRow = y * W;
    for (let x = 0; x < rw; x++) {
      const a = xs.i0[x]! * c;
      const b = xs.i1[x]! * c;
      const wx = xs.w1[x]!;
      const wx0 = 1 - wx;
      const w00 = wx0 * wy0;
      const w01 = wx * wy0;
      const w10 = wx0 * wy;
      const w11 = wx * wy;
      const o = outRow + x;
      // Rounded like OpenCV's 8-bit output (values are non-negative, so +0.5 and truncation).
      tensor[p0 + o] = (
        data[row0 + a + o0]! * w00 + data[row0 + b + o0]! * w01 + data[row1 + a + o0]! * w10 + data[row1 + b + o0]! * w11 + 0.5
      ) | 0;
      tensor[p1 + o] = (
        data[row0 + a + o1]! * w00 + data[row0 + b + o1]! * w01 + data[row1 + a + o1]! * w10 + data[row1 + b + o1]! * w11 + 0.5
      ) | 0;
      tensor[p2 + o] = (
        data[row0 + a + o2]! * w00 + data[row0 + b + o2]! * w01 + data[row1 + a + o2]! * w10 + data[row1 + b + o2]! * w11 + 0.5
      ) | 0;
    }
  }
  return { tensor, scale: r, resizedWidth: rw, resizedHeight: rh };
}

/**
 * Maps a box from tensor pixels back to frame pixels (divide by the letterbox scale) and clips it to the frame.
 * Returns null when nothing of it is left inside the frame.
 */
export function unletterboxBox(box: Box, scale: number, frameWidth: number, frameHeight: number): Box | null {
  const x0 = Math.max(0, Math.min(frameWidth, box.x / scale));
  const y0 = Math.max(0, Math.min(frameHeight, box.y / scale));
  const x1 = Math.max(0, Math.min(frameWidth, (box.x + box.w) / scale));
  const y1 = Math.max(0, Math.min(frameHeight, (box.y + box.h) / scale));
  if (!(x1 > x0) || !(y1 > y0)) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
