import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Fmp4Splitter, Fmp4SplitError, type SplitFragment, type SplitInit } from './fmp4-splitter';

/** Real ffmpeg output: 3 s of H.264 at 25 fps, GOP 25, fragments of at most 200 ms, as the live remux writes it. */
function ffmpegFmp4(): Buffer {
  const r = spawnSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '3',
    '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p', '-profile:v', 'high',
    '-f', 'mp4', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-frag_duration', '200000', 'pipe:1',
  ], { maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr?.toString());
  return r.stdout;
}

function splitAll(bytes: Buffer, chunk: number): { init: SplitInit[]; frags: SplitFragment[] } {
  const s = new Fmp4Splitter();
  const init: SplitInit[] = [];
  const frags: SplitFragment[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const out of s.push(bytes.subarray(i, i + chunk))) (out.kind === 'init' ? init : frags).push(out as never);
  }
  return { init, frags };
}

describe('Fmp4Splitter on real ffmpeg output', () => {
  const bytes = ffmpegFmp4();

  it('finds the init segment with codec, size and MSE type', () => {
    const { init } = splitAll(bytes, 1 << 20);
    assert.equal(init.length, 1);
    const i = init[0]!;
    assert.equal(i.videoCodec, 'h264');
    assert.match(i.codecs, /^avc1\.6400[0-9a-f]{2}$/);
    assert.equal(i.mime, `video/mp4; codecs="${i.codecs}"`);
    assert.equal(i.width, 320);
    assert.equal(i.height, 240);
    assert.equal(i.data.toString('latin1', 4, 8), 'ftyp');
  });

  it('splits fragments with key-frame flags and advancing decode times, whatever the chunking', () => {
    const whole = splitAll(bytes, 1 << 20);
    for (const chunk of [1, 7, 4096]) {
      const part = splitAll(bytes, chunk);
      assert.equal(part.frags.length, whole.frags.length, `chunk ${chunk}`);
      assert.deepEqual(part.frags.map((f) => f.decodeTimeS), whole.frags.map((f) => f.decodeTimeS));
    }
    const { frags } = whole;
    assert.ok(frags.length >= 12, `${frags.length} fragments`);
    assert.equal(frags[0]!.keyframe, true);
    assert.equal(frags.filter((f) => f.keyframe).length, 3, 'one key frame per second');
    for (let i = 1; i < frags.length; i += 1) {
      const prev = frags[i - 1]!;
      assert.ok(Math.abs(frags[i]!.decodeTimeS - (prev.decodeTimeS + prev.durationS)) < 1e-6, 'contiguous decode times');
    }
    const total = frags.reduce((n, f) => n + f.sampleCount, 0);
    assert.equal(total, 75);
    assert.ok(frags.every((f) => f.durationS <= 0.2 + 1e-6 && f.data.toString('latin1', 4, 8) === 'moof'));
    const sum = whole.init[0]!.data.length + frags.reduce((n, f) => n + f.data.length, 0);
    assert.ok(sum <= bytes.length && sum > bytes.length - 2048, 'every byte but the trailing mfra index is accounted for');
  });

  it('rejects a stream that is not MP4 instead of buffering it forever', () => {
    const s = new Fmp4Splitter();
    assert.throws(() => s.push(Buffer.from('this is certainly not an mp4 stream at all!')), Fmp4SplitError);
    const big = Buffer.alloc(16);
    big.writeUInt32BE(0x7fffffff, 0);
    big.write('mdat', 4, 'latin1');
    assert.throws(() => new Fmp4Splitter().push(big), /too large/);
  });
});
