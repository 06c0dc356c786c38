/**
 * Pure: what a recorded segment holds (its init part, complete fragments, per-track summaries) and whether it is a
 * sound fragmented MP4 (crash recovery, ingest). Built on the box parsers of mp4-boxes.ts. No I/O.
 */
import { type BoxHeader, listBoxes, type MovieInfo, parseMoof, parseMoov, type TrackInfo, type TrackRun } from './mp4-boxes';

export interface Fragment {
  moofOffset: number;
  /** Offset just past this fragment's mdat. */
  end: number;
  runs: TrackRun[];
}

export interface SegmentTrackSummary extends TrackInfo {
  /** tfdt of the first fragment (track timescale), or null. */
  firstDecodeTime: number | null;
  /** Sum of all sample durations in the complete fragments (track timescale). */
  duration: number;
  sampleCount: number;
}

export interface SegmentAnalysis {
  /** Offset of the first moof (= size of ftyp + moov): the init part. 0 when there is no valid init. */
  initSize: number;
  movie: MovieInfo | null;
  fragments: Fragment[];
  tracks: SegmentTrackSummary[];
  /** Offset just past the last complete moof+mdat pair (or the init part when there is none). */
  completeEnd: number;
  /** True when the whole buffer is ftyp, moov, complete moof+mdat pairs and optional trailing boxes (mfra, free). */
  valid: boolean;
  /** Why it is not valid, or what was ignored; empty for a clean file. */
  problems: string[];
}

/** Boxes allowed at the top level besides ftyp/moov/moof/mdat. */
const TOLERATED = new Set(['free', 'skip', 'mfra', 'sidx', 'styp', 'prft', 'uuid', 'emsg', 'meta']);

/** Checks that a fragment's sample data lies inside the mdat that follows it. */
function fragmentProblem(runs: TrackRun[], mdat: BoxHeader): string | null {
  const dataStart = mdat.offset + mdat.headerSize;
  const dataEnd = mdat.offset + mdat.size;
  for (const run of runs) {
    if (run.sampleCount === 0) continue;
    if (run.dataOffset < dataStart || run.dataOffset + run.dataSize > dataEnd) {
      return `samples of track ${run.trackId} (${run.dataOffset}+${run.dataSize}) lie outside the mdat at ${mdat.offset}`;
    }
  }
  return null;
}

function summarizeTracks(movie: MovieInfo, fragments: Fragment[]): SegmentTrackSummary[] {
  return movie.tracks.map((track) => {
    let firstDecodeTime: number | null = null;
    let duration = 0;
    let sampleCount = 0;
    for (const fragment of fragments) {
      for (const run of fragment.runs) {
        if (run.trackId !== track.trackId) continue;
        if (firstDecodeTime === null && run.baseDecodeTime !== null) firstDecodeTime = run.baseDecodeTime;
        duration += run.duration;
        sampleCount += run.sampleCount;
      }
    }
    return { ...track, firstDecodeTime, duration, sampleCount };
  });
}

/**
 * Analyses a fragmented MP4 segment: init part, every complete moof+mdat pair, and where the complete part ends.
 * Never throws: a broken structure makes `valid` false and says why in `problems`.
 */
export function analyzeSegment(buf: Buffer): SegmentAnalysis {
  const problems: string[] = [];
  const boxes = listBoxes(buf);
  const fragments: Fragment[] = [];
  let movie: MovieInfo | null = null;
  let initSize = 0;
  let completeEnd = 0;
  let consumed = 0;
  let i = 0;
  const first = boxes[0];
  const second = boxes[1];
  if (first?.type !== 'ftyp' || !first.complete) problems.push('the file does not start with a complete ftyp');
  else if (second?.type !== 'moov' || !second.complete) problems.push('no complete moov after ftyp');
  else {
    try {
      movie = parseMoov(buf, second);
      if (!movie.fragmented) problems.push('moov has no mvex: not a fragmented MP4');
    } catch (err) {
      problems.push(`moov: ${(err as Error).message}`);
      movie = null;
    }
    initSize = second.offset + second.size;
    completeEnd = initSize;
    consumed = initSize;
    i = 2;
  }
  if (movie !== null && problems.length === 0) {
    for (; i < boxes.length; i += 1) {
      const box = boxes[i]!;
      if (box.type === 'moof') {
        const mdat = boxes[i + 1];
        if (!box.complete || mdat === undefined) {
          problems.push(`fragment at ${box.offset} is incomplete`);
          break;
        }
        if (mdat.type !== 'mdat') {
          problems.push(`moof at ${box.offset} is followed by ${mdat.type}, not mdat`);
          break;
        }
        if (!mdat.complete) {
          problems.push(`mdat at ${mdat.offset} is truncated`);
          break;
        }
        let runs: TrackRun[];
        try {
          runs = parseMoof(buf, box, movie);
        } catch (err) {
          problems.push(`moof at ${box.offset}: ${(err as Error).message}`);
          break;
        }
        const problem = fragmentProblem(runs, mdat);
        if (problem !== null) {
          problems.push(problem);
          break;
        }
        fragments.push({ moofOffset: box.offset, end: mdat.offset + mdat.size, runs });
        completeEnd = mdat.offset + mdat.size;
        consumed = completeEnd;
        i += 1;
      } else if (TOLERATED.has(box.type) && box.complete) {
        consumed = box.offset + box.size;
      } else {
        problems.push(`unexpected ${box.complete ? '' : 'incomplete '}${box.type} box at ${box.offset}`);
        break;
      }
    }
    if (problems.length === 0 && consumed < buf.length) problems.push(`${buf.length - consumed} trailing bytes are not a box`);
    if (fragments.length === 0) problems.push('no complete fragment');
  }
  const firstMoof = fragments[0]?.moofOffset;
  if (firstMoof !== undefined && firstMoof !== initSize) problems.push(`the first moof is at ${firstMoof}, not right after moov`);
  return {
    initSize: firstMoof ?? initSize,
    movie,
    fragments,
    tracks: movie === null ? [] : summarizeTracks(movie, fragments),
    completeEnd,
    valid: problems.length === 0,
    problems,
  };
}
