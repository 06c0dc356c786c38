import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Fmp4Splitter, type SplitFragment, type SplitInit } from './fmp4-splitter';
import { accessUnitNals, fragmentSamples, H264SampleError, nalType, parseAvcConfig, rtpTimestamp90k, splitAvcc, toAnnexB } from './h264-samples';

/** Real ffmpeg output as the live remux writes it: 3 s of H.264 High at 25 fps, GOP 25, with B-frames (composition offsets). */
function ffmpegFmp4(): Buffer {
  const r = spawnSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '3',
    '-c:v', 'libx264', '-g', '25', '-bf', '2', '-pix_fmt', 'yuv420p', '-profile:v', 'high',
    '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '100000', 'pipe:1',
  ], { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr?.toString());
  return r.stdout;
}

function split(bytes: Buffer): { init: SplitInit; frags: SplitFragment[] } {
  const outs = new Fmp4Splitter().push(bytes);
  const init = outs.find((o) => o.kind === 'init') as SplitInit;
  return { init, frags: outs.filter((o): o is SplitFragment => o.kind === 'fragment') };
}

describe('H.264 samples from live fMP4 (real ffmpeg output)', () => {
  const { init, frags } = split(ffmpegFmp4());
  const cfg = parseAvcConfig(init.data);
  const samples = frags.flatMap((f) => fragmentSamples(f.data, cfg));

  it('reads SPS, PPS, NAL length size and timescale from avcC', () => {
    assert.equal(cfg.lengthSize, 4);
    assert.equal(cfg.sps.length, 1);
    assert.equal(cfg.pps.length, 1);
    assert.equal(nalType(cfg.sps[0]!), 7);
    assert.equal(nalType(cfg.pps[0]!), 8);
    assert.ok(cfg.timescale > 0);
  });

  it('finds every sample with its key-frame flag and composition offset', () => {
    assert.equal(samples.length, 75);
    assert.deepEqual(samples.map((s, i) => (s.keyframe ? i : -1)).filter((i) => i >= 0), [0, 25, 50]);
    assert.ok(samples.some((s) => s.cto !== samples[0]!.cto), 'B-frames give varying composition offsets');
    for (const s of samples) assert.doesNotThrow(() => splitAvcc(s.data, cfg.lengthSize));
  });

  it('maps presentation times to a 90 kHz clock with one frame (3600 ticks) between frames', () => {
    const ts = samples.map((s) => rtpTimestamp90k(s.dts, s.cto, cfg.timescale)).sort((a, b) => a - b);
    for (let i = 1; i < ts.length; i += 1) assert.equal(ts[i]! - ts[i - 1]!, 3600);
    assert.equal(rtpTimestamp90k(0, 0, 90_000, -1), 0xffffffff, 'wraps into uint32');
    assert.equal(rtpTimestamp90k(2 ** 32, 0, 90_000), 0);
  });

  it('puts SPS and PPS before each key frame and ffmpeg decodes the Annex-B stream', () => {
    const aus = samples.map((s) => accessUnitNals(s, cfg));
    for (const [i, au] of aus.entries()) {
      if (samples[i]!.keyframe) assert.deepEqual(au.slice(0, 2).map(nalType), [7, 8]);
      else assert.ok(!au.some((n) => nalType(n) === 7));
    }
    // Decoding starts at the second key frame (a late viewer) and still works thanks to the repeated SPS/PPS.
    const stream = toAnnexB(aus.slice(25).flat());
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'h264', '-i', 'pipe:0', '-f', 'framecrc', 'pipe:1'], { input: stream });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString().split('\n').filter((l) => /^0,/.test(l)).length, 50);
  });

  it('refuses garbage', () => {
    assert.throws(() => parseAvcConfig(Buffer.from('not an mp4 at all')), Error);
    assert.throws(() => splitAvcc(Buffer.from([0, 0, 0, 9, 1, 2]), 4), H264SampleError);
    assert.throws(() => fragmentSamples(Buffer.alloc(16), cfg), H264SampleError);
  });
});
