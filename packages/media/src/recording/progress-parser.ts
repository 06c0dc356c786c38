/**
 * Pure parser of ffmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each ending with
 * `progress=continue` (or `progress=end` when ffmpeg finishes). ffmpeg prints a block every -stats_period seconds
 * while packets flow; a stalled input prints nothing (the read blocks), so the blocks double as a heartbeat.
 */

export interface ProgressBlock {
  /** Video frames (packets, for stream copy) written so far. */
  frame: number | null;
  /** The output's current time in microseconds (ffmpeg's last muxed DTS, before muxer offsets), or null (N/A). */
  outTimeUs: number | null;
  /** Bytes written (N/A for the segment muxer, so usually null). */
  totalSize: number | null;
  /** True for the last block (`progress=end`). */
  end: boolean;
}

function toNumber(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export class ProgressParser {
  private pending = '';
  private fields = new Map<string, string>();

  /** Feeds a chunk of ffmpeg's stdout; returns the blocks completed by it. */
  feed(chunk: string): ProgressBlock[] {
    this.pending += chunk;
    const blocks: ProgressBlock[] = [];
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key !== 'progress') {
        this.fields.set(key, value);
        continue;
      }
      blocks.push({
        frame: toNumber(this.fields.get('frame')),
        outTimeUs: toNumber(this.fields.get('out_time_us')) ?? toNumber(this.fields.get('out_time_ms')),
        totalSize: toNumber(this.fields.get('total_size')),
        end: value === 'end',
      });
      this.fields.clear();
    }
    // A line never gets this long; guard against a child that prints garbage without newlines.
    if (this.pending.length > 64 * 1024) this.pending = '';
    return blocks;
  }
}

/** Whether a block shows that media moved on since the previous one (the stall detector's notion of progress). */
export function progressAdvanced(prev: ProgressBlock | null, next: ProgressBlock): boolean {
  if (next.frame === null && next.outTimeUs === null && next.totalSize === null) return false;
  if (prev === null) return (next.frame ?? 0) > 0 || next.outTimeUs !== null;
  return (
    (next.frame !== null && next.frame !== prev.frame) ||
    (next.outTimeUs !== null && next.outTimeUs !== prev.outTimeUs) ||
    (next.totalSize !== null && next.totalSize !== prev.totalSize)
  );
}
