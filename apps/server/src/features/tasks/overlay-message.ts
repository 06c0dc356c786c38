import type { RuleSetSpec, TrackObservation } from '@argus/domain';

/** What the live slice's overlay channel takes (docs/live.md, Overlays): boxes normalised to 0..1. */
export interface TaskOverlayMessage {
  decodeTimeS: number;
  objects: Array<{ id: string; className: string; box: [number, number, number, number]; confidence: number }>;
  zones?: { zones: RuleSetSpec['zones']; lines: RuleSetSpec['lines'] };
}

/** Sends an overlay to a camera's live viewers; returns how many got it (the live module's publishOverlay). */
export type OverlayPublisher = (cameraId: string, msg: TaskOverlayMessage) => number;

/** The overlay of one analysed frame: its tracks (boxes already inside the frame, see frame-box.ts) and, when given, the task's zones and lines. Pure. */
export function overlayMessage(decodeTimeS: number, tracks: readonly TrackObservation[], rules: Pick<RuleSetSpec, 'zones' | 'lines'> | null): TaskOverlayMessage {
  const objects = tracks.map((t) => ({
    id: t.trackId,
    className: t.className,
    box: [t.box.x, t.box.y, t.box.w, t.box.h] as [number, number, number, number],
    confidence: t.confidence,
  }));
  return { decodeTimeS, objects, ...(rules ? { zones: { zones: rules.zones, lines: rules.lines } } : {}) };
}
