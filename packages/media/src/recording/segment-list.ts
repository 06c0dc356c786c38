/**
 * Pure reader of ffmpeg's segment list (`-segment_list FILE -segment_list_type csv`): ffmpeg appends one line
 * `name,start,end` (stream seconds) after it has closed a segment, so a line is the signal that a file is finished.
 * The times are not used for timing (they ignore -initial_offset and are 0 for the first segment); the segment's own
 * boxes are the source of truth.
 */

export interface SegmentListEntry {
  /** The file name as ffmpeg wrote it (base name; the list lives beside the segments). */
  name: string;
  startS: number;
  endS: number;
}

/** Parses one CSV line; ffmpeg quotes a name holding `,`, `"` or a newline, doubling inner quotes. */
export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const text = line.replace(/\r$/, '');
  if (text.trim() === '') return null;
  let name: string;
  let rest: string;
  if (text.startsWith('"')) {
    let i = 1;
    let out = '';
    for (; i < text.length; i += 1) {
      const ch = text[i]!;
      if (ch === '"') {
        if (text[i + 1] === '"') {
          out += '"';
          i += 1;
          continue;
        }
        break;
      }
      out += ch;
    }
    if (text[i + 1] !== ',') return null;
    name = out;
    rest = text.slice(i + 2);
  } else {
    const comma = text.indexOf(',');
    if (comma <= 0) return null;
    name = text.slice(0, comma);
    rest = text.slice(comma + 1);
  }
  const [start, end, extra] = rest.split(',');
  if (start === undefined || end === undefined || extra !== undefined) return null;
  const startS = Number(start);
  const endS = Number(end);
  if (!Number.isFinite(startS) || !Number.isFinite(endS)) return null;
  return { name, startS, endS };
}

/** Incremental: feed it what was appended to the list; it returns the entries of the complete lines. */
export class SegmentListParser {
  private pending = '';

  feed(text: string): SegmentListEntry[] {
    this.pending += text;
    const entries: SegmentListEntry[] = [];
    let newline = this.pending.indexOf('\n');
    while (newline >= 0) {
      const entry = parseSegmentListLine(this.pending.slice(0, newline));
      if (entry !== null) entries.push(entry);
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
    }
    return entries;
  }

  /** Entries of a whole list file (a last line without newline is ignored: ffmpeg had not finished writing it). */
  static parseAll(text: string): SegmentListEntry[] {
    return new SegmentListParser().feed(text);
  }
}
