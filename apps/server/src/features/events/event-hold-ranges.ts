/**
 * Pure: collects the time ranges of events per camera and merges overlapping or nearby ones, so the recordings around
 * a burst of events become one recording hold instead of one per event.
 */
export interface HoldRange {
  cameraId: string;
  fromMs: number;
  toMs: number;
}

export class EventHoldRanges {
  private readonly pending = new Map<string, Array<{ fromMs: number; toMs: number }>>();

  /** `mergeGapMs`: ranges closer than this fold into one. */
  constructor(private readonly mergeGapMs: number) {}

  add(range: HoldRange): void {
    const list = this.pending.get(range.cameraId) ?? [];
    list.push({ fromMs: range.fromMs, toMs: range.toMs });
    this.pending.set(range.cameraId, list);
  }

  get size(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  /** The merged ranges collected so far, per camera in time order; empties the collection. */
  take(): HoldRange[] {
    const out: HoldRange[] = [];
    for (const [cameraId, list] of this.pending) {
      list.sort((a, b) => a.fromMs - b.fromMs);
      let cur: { fromMs: number; toMs: number } | null = null;
      for (const r of list) {
        if (cur && r.fromMs <= cur.toMs + this.mergeGapMs) cur.toMs = Math.max(cur.toMs, r.toMs);
        else {
          if (cur) out.push({ cameraId, ...cur });
          cur = { ...r };
        }
      }
      if (cur) out.push({ cameraId, ...cur });
    }
    this.pending.clear();
    return out;
  }
}
