import type { PixelBox } from './snapshot-jpeg';

/** Main thread → event image worker: one firing's frame (its own copy, transferred) and boxes in pixels. */
export interface ImageJobMessage {
  id: number;
  pixels: ArrayBuffer;
  width: number;
  height: number;
  format: 'bgr24' | 'rgb24' | 'gray8';
  boxes: PixelBox[];
  quality: number;
  maxWidth: number;
}

/** Event image worker → main thread: the JPEGs (transferred) or why encoding failed. */
export type ImageResultMessage =
  | { id: number; snapshot: ArrayBuffer; crop: ArrayBuffer | null; encodeMs: number; error?: undefined }
  | { id: number; error: string };
