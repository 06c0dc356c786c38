import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { measurePackets, parseFrameRate, parseProbeJson, parseProbeOutput } from './probe-parse';

/** Real ffprobe 5.1 output (`-show_streams -show_format -show_entries packet=... -read_intervals %+2`). */
const samples = JSON.parse(
  readFileSync(new URL('./fixtures/ffprobe-json-samples.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const sample = (name: string): unknown => {
  assert.ok(name in samples, `fixture ${name}`);
  return samples[name];
};

describe('parseFrameRate', () => {
  it('reads fractions and guards 0/0', () => {
    assert.equal(parseFrameRate('12/1'), 12);
    assert.equal(parseFrameRate('30000/1001'), 29.97);
    assert.equal(parseFrameRate('25'), 25);
    assert.equal(parseFrameRate('0/0'), null);
    assert.equal(parseFrameRate('1/0'), null);
    assert.equal(parseFrameRate('90000/1'), null);
    assert.equal(parseFrameRate(undefined), null);
  });
});

describe('measurePackets', () => {
  it('computes kbps and fps from sizes and times of one stream', () => {
    const packets = [0, 1, 2, 3, 4].map((i) => ({ stream_index: 0, size: '1000', pts_time: String(i / 10) }));
    packets.push({ stream_index: 1, size: '99999', pts_time: '0.05' });
    // 5 packets of 8 kbit, one every 0.1 s → 80 kbit/s, 10 fps
    assert.deepEqual(measurePackets(packets, 0), { bytes: 5000, count: 5, kbps: 80, fps: 10 });
  });

  it('counts a first packet without timestamps (as ffmpeg gives for RTSP) in the bytes', () => {
    const packets = [{ stream_index: 0, size: '2000' }, { stream_index: 0, size: '1000', pts_time: '0.1' },
      { stream_index: 0, size: '1000', pts_time: '0.2' }];
    assert.deepEqual(measurePackets(packets, 0), { bytes: 4000, count: 3, kbps: 106.7, fps: 10 });
  });

  it('returns nulls when it cannot measure', () => {
    assert.deepEqual(measurePackets(undefined, 0), { bytes: 0, count: 0, kbps: null, fps: null });
    assert.equal(measurePackets([{ stream_index: 0, size: '5', pts_time: '1' }], 0).kbps, null);
  });
});

describe('parseProbeOutput on real samples', () => {
  it('reads an H.264 mp4 file (Intel people-detection)', () => {
    assert.deepEqual(parseProbeOutput(sample('mp4-intel-people'), 'f'), {
      ok: true,
      video: { codec: 'h264', profile: 'High', width: 768, height: 432, fps: 12, bitRateKbps: 209.1, pixFmt: 'yuv420p' },
      audio: null,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationS: 49.667,
    });
  });

  it('reads an msmpeg4v3 avi (Debian opencv-doc vtest.avi)', () => {
    const r = parseProbeOutput(sample('avi-vtest'), 'f');
    assert.ok(r.ok);
    assert.deepEqual([r.video.codec, r.video.width, r.video.height, r.video.fps, r.container], ['msmpeg4v3', 768, 576, 10, 'avi']);
    assert.equal(r.video.profile, undefined);
  });

  it('measures bit rate from packets for RTSP (no bit_rate) and has no duration', () => {
    const r = parseProbeOutput(sample('rtsp-gst-short'), 'rtsp://h/x');
    assert.ok(r.ok);
    assert.equal(r.container, 'rtsp');
    assert.equal(r.durationS, null);
    assert.equal(r.video.fps, 12);
    assert.ok(r.video.bitRateKbps !== null && r.video.bitRateKbps > 100 && r.video.bitRateKbps < 1000, String(r.video.bitRateKbps));
  });

  it('reads the audio stream beside the video', () => {
    const r = parseProbeOutput(sample('mp4-av'), 'f');
    assert.ok(r.ok);
    assert.deepEqual(r.audio, { codec: 'aac', sampleRate: 48000, channels: 2 });
    assert.equal(r.video.fps, 15);
  });

  it('says not_video for audio-only input, naming what it found', () => {
    const r = parseProbeOutput(sample('m4a-audio-only'), 'song.m4a');
    assert.deepEqual(r, { ok: false, reason: 'not_video', message: 'song.m4a has no video stream (only audio (aac)).' });
  });
});

describe('parseProbeOutput edge cases', () => {
  it('ignores cover art and text-art "video"', () => {
    const r = parseProbeOutput({
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'mp3' },
        { index: 1, codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } },
        { index: 2, codec_type: 'video', codec_name: 'ansi', width: 640, height: 400 },
      ],
      format: { format_name: 'mp3' },
    }, 'x');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.reason === 'not_video');
  });

  it('reports a video stream without a frame size as an error', () => {
    const r = parseProbeOutput({ streams: [{ index: 0, codec_type: 'video', codec_name: 'h264', width: 0, height: 0 }] }, 'cam');
    assert.deepEqual(r, { ok: false, reason: 'error', message: 'cam has a video stream but the frame size of its h264 video could not be determined.' });
  });

  it('handles empty and non-JSON answers', () => {
    assert.deepEqual(parseProbeJson('{}', 'x'), { ok: false, reason: 'not_video', message: 'x has no video stream (no streams at all).' });
    const bad = parseProbeJson('not json', 'x');
    assert.ok(!bad.ok && bad.reason === 'error');
  });
});
