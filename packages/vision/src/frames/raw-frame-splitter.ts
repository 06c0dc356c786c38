/** Cuts a byte stream of raw video (fixed bytes per frame) into frames, whatever the chunking. Pure. */
export class RawFrameSplitter {
  private current: Uint8Array;
  private filled = 0;

  constructor(readonly frameBytes: number) {
    if (!Number.isInteger(frameBytes) || frameBytes < 1) throw new Error(`frame size must be a positive integer, got ${frameBytes}`);
    this.current = new Uint8Array(frameBytes);
  }

  /** Feeds a chunk; returns the frames completed by it (each its own buffer). */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(this.frameBytes - this.filled, chunk.length - offset);
      this.current.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.frameBytes) {
        out.push(this.current);
        this.current = new Uint8Array(this.frameBytes);
        this.filled = 0;
      }
    }
    return out;
  }

  /** Bytes of an incomplete frame held back (non-zero at the end of a stream means it was cut mid-frame). */
  get pendingBytes(): number {
    return this.filled;
  }
}
