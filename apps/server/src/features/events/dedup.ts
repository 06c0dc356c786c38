import type { EventBox, NewEvent } from './event-port';

/** The de-duplication key of a firing: the producer's, or camera + origin rule (or type) + track. Pure. */
export function dedupKeyOf(e: Pick<NewEvent, 'cameraId' | 'origin' | 'type' | 'trackId' | 'dedupKey'>): string {
  if (e.dedupKey) return e.dedupKey;
  const rule = e.origin.ruleId ?? `${e.origin.kind}:${e.type}`;
  return `${e.cameraId}|${rule}|${e.trackId ?? '-'}`;
}

export interface OpenEvent {
  state: string;
  lastAtMs: number;
  confidence: number | null;
}

/** Whether a firing at `occurredAtMs` folds into `open` (state new, last firing within the window). Pure. */
export function shouldFold(open: OpenEvent | undefined, occurredAtMs: number, windowMs: number): boolean {
  if (!open || windowMs <= 0 || open.state !== 'new') return false;
  return occurredAtMs - open.lastAtMs <= windowMs && occurredAtMs >= open.lastAtMs - windowMs;
}

/** Validation of a producer's boxes: coordinates within 0..1 and the box inside the frame (with a little slack). */
export function badBox(boxes: readonly EventBox[]): string | null {
  for (const [i, b] of boxes.entries()) {
    for (const k of ['x', 'y', 'w', 'h', 'confidence'] as const) {
      const v = b[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) return `boxes[${i}].${k} must be within 0..1`;
    }
    if (b.x + b.w > 1.0001 || b.y + b.h > 1.0001) return `boxes[${i}] reaches outside the frame`;
    if (typeof b.className !== 'string' || b.className.length === 0) return `boxes[${i}].className is required`;
  }
  return null;
}
