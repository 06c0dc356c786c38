import type { RuleSetSpec, TrackObservation } from '@argus/domain';

/** What the live slice's overlay channel takes (docs/live.md, Overlays): boxes normalised to 0..1. */
export interface TaskOverlayMessage {
  decodeTimeS: number;
  objects: Array<{ id: string; className: string; box: [number, number, number, number]; confidence: number }>;
  zones?: { zones: RuleSetSpec['zones']; lines: RuleSetSpec['lines'] };
}

/** Sends an overlay to a camera's live viewers; returns how many got it (the live module's publishOverlay). */
export type OverlayPublisher = (cameraId: string, msg: TaskOverlayMessage) => number;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The overlay of one analysed frame: its tracks (boxes clamped to 0..1) and, when given, the task's zones and lines. Pure. */
export function overlayMessage(decodeTimeS: number, tracks: readonly TrackObservation[], rules: Pick<RuleSetSpec, 'zones' | 'lines'> | null): TaskOverlayMessage {
  const objects = tracks.map((t) => {
    const x = clamp01(t.box.x);
    const y = clamp01(t.box.y);
    const box: [number, number, number, number] = [x, y, clamp01(t.box.x + t.box.w) - x, clamp01(t.box.y + t.box.h) - y];
    return { id: t.trackId, className: t.className, box, confidence: t.confidence };
  });
  return { decodeTimeS, objects, ...(rules ? { zones: { zones: rules.zones, lines: rules.lines } } : {}) };
}
