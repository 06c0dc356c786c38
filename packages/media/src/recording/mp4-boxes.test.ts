/** The MP4 box parser on real segments written by the recorder's own ffmpeg arguments, and on truncated copies. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findMediaTools, type MediaTools } from '../media-tools';
import { runProcess } from '../run-process';
import { resolveMediaTarget } from '../source-url';
import { sharedDatasetsDir } from '../testing/shared-data';
import { STREAM_TIME_OFFSET_S, buildRecorderArgs } from './ffmpeg-args';
import { codecName, listBoxes, readBoxHeader } from './mp4-boxes';
import { analyzeSegment } from './segment-analysis';
import { cachedClip, probeSegment } from './test-support';
import { sessionPaths } from './work-dir-layout';

const VIDEO = path.join(sharedDatasetsDir(), 'videos/intel_people-detection.mp4');
const WITH_AUDIO = path.join(sharedDatasetsDir(), 'videos/intel_worker-zone-detection_10s.mp4');

/** Segments a clip as fast as ffmpeg can (no -re), with exactly the recorder's muxer options. */
async function segmentClip(tools: MediaTools, clip: string, dir: string, sessionId: string): Promise<Buffer[]> {
  const resolved = resolveMediaTarget(clip);
  assert.ok(resolved.ok);
  const paths = sessionPaths(dir, 'fixture', sessionId);
  const args = buildRecorderArgs({
    target: resolved.target, segmentSeconds: 2, ioTimeoutMs: 5000, loopFiles: false, audio: 'copy', paths, realtime: false,
  });
  const run = await runProcess(tools.ffmpeg, args, { timeoutMs: 60_000 });
  assert.equal(run.exitCode, 0, run.stderr);
  const names = (await readdir(dir)).filter((n) => n.startsWith(`fixture.${sessionId}.`) && n.endsWith('.mp4')).sort();
  return Promise.all(names.map((n) => readFile(path.join(dir, n))));
}

describe('mp4-boxes on real recorder segments', () => {
  let tools: MediaTools;
  let dir: string;
  let video: Buffer[] = [];
  let audio: Buffer[] = [];

  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-mp4-boxes-'));
    const clip = await cachedClip(tools, { source: VIDEO, seconds: 7, fps: 12, audio: false });
    const clipA = await cachedClip(tools, { source: WITH_AUDIO, seconds: 5, fps: 12, audio: true, scale: '640:360' });
    video = await segmentClip(tools, clip, dir, 'v1');
    audio = await segmentClip(tools, clipA, dir, 'a1');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds ftyp, moov, moof+mdat pairs; initSize is the first moof; tracks and codecs from the moov', () => {
    assert.ok(video.length >= 3, `segments: ${video.length}`);
    for (const buf of video) {
      const a = analyzeSegment(buf);
      assert.equal(a.valid, true, a.problems.join('; '));
      const top = listBoxes(buf).map((b) => b.type);
      assert.deepEqual(top.slice(0, 3), ['ftyp', 'moov', 'moof']);
      assert.equal(buf.toString('latin1', a.initSize + 4, a.initSize + 8), 'moof');
      assert.equal(a.initSize, listBoxes(buf)[2]!.offset);
      assert.equal(a.tracks.length, 1);
      const v = a.tracks[0]!;
      assert.equal(v.handler, 'vide');
      assert.equal(codecName(v.sampleEntry), 'h264');
      assert.deepEqual([v.width, v.height], [768, 432]);
      assert.ok(v.timescale > 0);
      assert.equal(a.fragments[0]!.runs[0]!.firstIsSync, true, 'a segment starts on a key frame');
      assert.equal(a.completeEnd, a.fragments.at(-1)!.end);
    }
  });

  it('decode times continue from one segment to the next (no reset), starting at the stream offset', () => {
    const tracks = video.map((b) => analyzeSegment(b).tracks[0]!);
    assert.equal(tracks[0]!.firstDecodeTime, STREAM_TIME_OFFSET_S * tracks[0]!.timescale);
    for (let i = 1; i < tracks.length; i += 1) {
      const prev = tracks[i - 1]!;
      assert.equal(tracks[i]!.firstDecodeTime, prev.firstDecodeTime! + prev.duration, `segment ${i}`);
    }
    const total = tracks.reduce((sum, t) => sum + t.duration, 0) / tracks[0]!.timescale;
    assert.ok(Math.abs(total - 7) < 0.1, `total ${total} s`);
    const samples = tracks.reduce((sum, t) => sum + t.sampleCount, 0);
    assert.equal(samples, 7 * 12);
  });

  it('sees the audio track of a clip with sound', () => {
    assert.ok(audio.length >= 2);
    const a = analyzeSegment(audio[0]!);
    assert.equal(a.valid, true, a.problems.join('; '));
    assert.deepEqual(a.tracks.map((t) => [t.handler, codecName(t.sampleEntry)]), [['vide', 'h264'], ['soun', 'aac']]);
    assert.ok(a.tracks[1]!.sampleCount > 0);
    assert.deepEqual([a.tracks[0]!.width, a.tracks[0]!.height], [640, 360]);
  });

  it('truncated copies: keeps exactly the complete fragments, and the cut file is valid and playable', async () => {
    const buf = video[0]!;
    const full = analyzeSegment(buf);
    assert.ok(full.fragments.length >= 2, 'the first segment has several fragments');
    const cuts = [full.fragments[1]!.moofOffset + 3, full.fragments[1]!.moofOffset + 200, full.fragments[1]!.end - 1, full.fragments[0]!.end + 4];
    for (const cut of cuts) {
      const truncated = buf.subarray(0, cut);
      const a = analyzeSegment(truncated);
      assert.equal(a.valid, false, `cut at ${cut}`);
      assert.equal(a.completeEnd, full.fragments[0]!.end, `cut at ${cut}`);
      assert.equal(a.fragments.length, 1);
      const repaired = analyzeSegment(truncated.subarray(0, a.completeEnd));
      assert.equal(repaired.valid, true, repaired.problems.join('; '));
    }
    const file = path.join(dir, 'repaired.mp4');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, buf.subarray(0, full.fragments[0]!.end));
    const probed = await probeSegment(tools, file);
    assert.equal(probed.packets, full.fragments[0]!.runs[0]!.sampleCount);
    assert.equal(probed.keyFirst, true);
  });

  it('a file cut inside its init part has nothing complete; garbage never throws', () => {
    const buf = video[1]!;
    const full = analyzeSegment(buf);
    for (const cut of [0, 7, 20, full.initSize - 1, full.initSize + 10]) {
      const a = analyzeSegment(buf.subarray(0, cut));
      assert.equal(a.valid, false);
      assert.equal(a.fragments.length, 0, `cut at ${cut}`);
    }
    for (const junk of [Buffer.alloc(64), Buffer.from('not an mp4 at all, just text'), Buffer.alloc(4096, 0xff)]) {
      const a = analyzeSegment(junk);
      assert.equal(a.valid, false);
      assert.ok(a.problems.length > 0);
    }
    // A moof that claims samples beyond its mdat.
    const broken = Buffer.from(buf);
    const mdat = listBoxes(broken).find((b) => b.type === 'mdat')!;
    broken.writeUInt32BE(16, mdat.offset);
    const a = analyzeSegment(broken);
    assert.equal(a.valid, false);
  });

  it('reads 64-bit and to-the-end box sizes', () => {
    const big = Buffer.alloc(32);
    big.writeUInt32BE(1, 0);
    big.write('mdat', 4, 'latin1');
    big.writeBigUInt64BE(32n, 8);
    assert.deepEqual(readBoxHeader(big, 0), { type: 'mdat', offset: 0, headerSize: 16, size: 32, complete: true });
    const open = Buffer.alloc(20);
    open.write('free', 4, 'latin1');
    assert.deepEqual(readBoxHeader(open, 0), { type: 'free', offset: 0, headerSize: 8, size: 20, complete: true });
    const short = Buffer.alloc(12);
    short.writeUInt32BE(100, 0);
    short.write('moof', 4, 'latin1');
    assert.equal(readBoxHeader(short, 0)?.complete, false);
    assert.equal(readBoxHeader(Buffer.alloc(4), 0), null);
  });
});
