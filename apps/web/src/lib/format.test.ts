import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBitRate, formatFps, probeSummary } from './format';

const at = '2026-01-01T00:00:00.000Z';

describe('probe formatting', () => {
  it('summarises a good probe in one line', () => {
    const line = probeSummary({ ok: true, at, stream: 'main', elapsedMs: 120, video: { codec: 'h264', width: 768, height: 576, fps: 10, bitRateKbps: 1234 } });
    assert.equal(line, 'h264 768×576 @10 fps, 1.2 Mb/s');
  });

  it('leaves out unknown frame rate and bit rate', () => {
    assert.equal(probeSummary({ ok: true, at, stream: 'main', elapsedMs: 1, video: { codec: 'hevc', width: 1920, height: 1080, fps: null, bitRateKbps: null } }), 'hevc 1920×1080');
  });

  it('names the reason of a failed probe', () => {
    assert.equal(probeSummary({ ok: false, at, stream: 'main', elapsedMs: 1, reason: 'auth_refused', message: '401 from camera' }), 'Credentials refused: 401 from camera');
    assert.equal(probeSummary({ ok: false, at, stream: 'sub', elapsedMs: 1, reason: 'weird_thing' }), 'weird thing');
  });

  it('formats rates', () => {
    assert.equal(formatBitRate(850), '850 kb/s');
    assert.equal(formatBitRate(null), null);
    assert.equal(formatFps(29.97), '29.97 fps');
    assert.equal(formatFps(25), '25 fps');
  });
});
