import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Fmp4Splitter, type SplitFragment, type SplitInit } from './fmp4-splitter';
import { depacketize } from './h264-rtp-packetizer';
import { H264RtpStream } from './h264-rtp-stream';
import { nalType, toAnnexB } from './h264-samples';

function ffmpegFmp4(): { init: SplitInit; frags: SplitFragment[] } {
  const r = spawnSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=25', '-t', '2',
    '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p', '-profile:v', 'main',
    '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '100000', 'pipe:1',
  ], { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr?.toString());
  const outs = new Fmp4Splitter().push(r.stdout);
  return { init: outs.find((o) => o.kind === 'init') as SplitInit, frags: outs.filter((o): o is SplitFragment => o.kind === 'fragment') };
}

describe('H264RtpStream on real ffmpeg output', () => {
  const { init, frags } = ffmpegFmp4();

  it('turns fragments into RTP access units that decode again', () => {
    const s = new H264RtpStream(1000);
    assert.deepEqual(s.fragment(frags[0]!.data), [], 'nothing before an init');
    s.init(init.data);
    assert.equal(s.profileIdc, '4d');
    const aus = frags.flatMap((f) => s.fragment(f.data));
    assert.equal(aus.length, 50);
    assert.equal(aus.filter((a) => a.keyframe).length, 2);
    const seqs = aus.flatMap((a) => a.packets.map((p) => p.sequenceNumber));
    assert.deepEqual(seqs, seqs.map((_, i) => i), 'consecutive sequence numbers');
    for (const a of aus) {
      assert.ok(a.packets.every((p) => p.payload.length <= 1000 && p.timestamp === a.timestamp));
      assert.deepEqual(a.packets.map((p) => p.marker), a.packets.map((_, i) => i === a.packets.length - 1));
    }
    const nals = aus.flatMap((a) => depacketize(a.packets.map((p) => p.payload)));
    assert.equal(nals.filter((n) => nalType(n) === 7).length, 2, 'an SPS before each key frame');
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'h264', '-i', 'pipe:0', '-f', 'framecrc', 'pipe:1'], { input: toAnnexB(nals) });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString().split('\n').filter((l) => /^0,/.test(l)).length, 50);
  });

  it('starts at a key frame and keeps timestamps going forward across a new init', () => {
    const s = new H264RtpStream();
    s.init(init.data);
    const late = frags.findIndex((f, i) => i > 0 && !f.keyframe);
    const first = s.fragment(frags[late]!.data);
    assert.deepEqual(first, [], 'a mid-GOP fragment is skipped');
    const before = frags.slice(late + 1).flatMap((f) => s.fragment(f.data));
    assert.ok(before[0]?.keyframe);
    s.init(init.data); // the upstream restarted: decode times begin at 0 again
    const after = frags.flatMap((f) => s.fragment(f.data));
    assert.equal(after[0]!.timestamp, before.at(-1)!.timestamp + 3600);
  });
});
