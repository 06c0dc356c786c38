/**
 * Video-only rewriting of fragmented MP4 (live view from recording segments that carry audio), on a real segment
 * written with the recorder's muxer options: the result has one video track, every video packet, and decodes
 * without an error; a stream without audio passes unchanged.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Fmp4Splitter, type SplitFragment, type SplitInit } from '../live/fmp4-splitter';
import { findMediaTools, type MediaTools } from '../media-tools';
import { runProcess } from '../run-process';
import { segmentFormatOptions } from './ffmpeg-args';
import { videoOnlyFragment, videoOnlyInit } from './fmp4-video-only';
import { cachedClip, probeSegment, sharedClip } from './test-support';

const worker = sharedClip('videos/intel_worker-zone-detection_10s.mp4');

function split(bytes: Buffer, videoOnly: boolean): { init: SplitInit; frags: SplitFragment[] } {
  const out = new Fmp4Splitter({ videoOnly }).push(bytes);
  const init = out.find((o): o is SplitInit => o.kind === 'init');
  assert.ok(init);
  return { init, frags: out.filter((o): o is SplitFragment => o.kind === 'fragment') };
}

describe('video-only fragmented MP4 (real ffmpeg)', { skip: worker.skip }, () => {
  let tools: MediaTools;
  let dir: string;
  let segment: Buffer;
  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-video-only-'));
    const clip = await cachedClip(tools, { source: worker.file!, seconds: 4, fps: 12, audio: true, scale: '640:360' });
    const file = path.join(dir, 'seg.mp4');
    // One recording segment as the recorder writes it with live view on: 100 ms fragments, video and AAC audio.
    const run = await runProcess(tools.ffmpeg, ['-v', 'error', '-i', clip, '-map', '0:v:0', '-map', '0:a:0', '-c', 'copy', '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '100000', file], { timeoutMs: 60_000 });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(segmentFormatOptions(100_000), /frag_duration=100000/);
    segment = await readFile(file);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('keeps the video track alone; every video packet is there and decodes', async () => {
    const full = split(segment, false);
    assert.match(full.init.mime, /mp4a/, 'the segment carries audio');
    const live = split(segment, true);
    assert.match(live.init.mime, /^video\/mp4; codecs="avc1\.[0-9a-f]{6}"$/);
    assert.ok(live.init.data.length < full.init.data.length);
    assert.equal(live.frags.length, full.frags.length);
    for (const [i, f] of live.frags.entries()) {
      assert.equal(f.keyframe, full.frags[i]!.keyframe);
      assert.equal(f.decodeTimeS, full.frags[i]!.decodeTimeS);
      assert.equal(f.sampleCount, full.frags[i]!.sampleCount);
    }
    const out = path.join(dir, 'live.mp4');
    await writeFile(out, Buffer.concat([live.init.data, ...live.frags.map((f) => f.data)]));
    const probed = await probeSegment(tools, out);
    assert.equal(probed.stderr, '');
    assert.equal(probed.audio, false);
    assert.equal(probed.packets, live.frags.reduce((n, f) => n + f.sampleCount, 0));
    const decode = await runProcess(tools.ffmpeg, ['-v', 'error', '-xerror', '-i', out, '-f', 'null', '-'], { timeoutMs: 60_000 });
    assert.equal(decode.exitCode, 0, decode.stderr);
    assert.equal(decode.stderr.trim(), '', 'decodes without an error');
  });

  it('leaves video-only boxes as they are', () => {
    const live = split(segment, true);
    assert.equal(videoOnlyInit(live.init.data), live.init.data);
    const f = live.frags[0]!;
    assert.equal(videoOnlyFragment(f.data, 1), f.data);
    assert.equal(videoOnlyFragment(Buffer.from('not a box at all'), 1).toString(), 'not a box at all');
  });
});
