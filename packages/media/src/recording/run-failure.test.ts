import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RunExitEvidence, classifyRunExit, formatFailureReason, parseFailureReason, rejectedAudioCodec } from './run-failure';

const base: RunExitEvidence = {
  stderr: '', exitCode: 1, exitSignal: null, spawnError: null, stalledForMs: null, elapsedMs: 500, ioTimeoutMs: 5000,
  kind: 'rtsp', display: 'rtsp://127.0.0.1:8554/cam', hasCredentials: false, hadPackets: false, audioMapped: true,
};

describe('run failure classification', () => {
  it('input failures reuse the probe classifier', () => {
    const refused = classifyRunExit({ ...base, stderr: '[tcp @ 0x1] Connection to tcp://127.0.0.1:8554?timeout=5000000 failed: Connection refused\nrtsp://127.0.0.1:8554/cam: Connection refused\n' });
    assert.equal(refused.code, 'unreachable');
    assert.equal(classifyRunExit({ ...base, stderr: '[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized\n' }).code, 'auth_refused');
    assert.equal(classifyRunExit({ ...base, stderr: '[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found\n' }).code, 'not_found');
    assert.equal(classifyRunExit({ ...base, kind: 'file', ioTimeoutMs: null, stderr: '/x.mp4: No such file or directory\n' }).code, 'not_found');
    assert.equal(classifyRunExit({ ...base, stderr: 'rtsp://x: Invalid data found when processing input\n', elapsedMs: 5100 }).code, 'timeout');
  });

  it('stalls, ended streams, crashes', () => {
    assert.equal(classifyRunExit({ ...base, stalledForMs: 3000 }).code, 'stalled');
    assert.match(classifyRunExit({ ...base, stalledForMs: 3000, hadPackets: true }).message, /stopped sending video: nothing arrived for 3 s/);
    assert.equal(classifyRunExit({ ...base, exitCode: 0, hadPackets: true }).code, 'stream_ended');
    assert.equal(classifyRunExit({ ...base, exitCode: null, exitSignal: 'SIGKILL', hadPackets: true }).code, 'crashed');
    const broke = classifyRunExit({ ...base, hadPackets: true, stderr: 'Error during demuxing: Invalid data found when processing input\n' });
    assert.equal(broke.code, 'stream_ended');
  });

  it('benign warnings are not reasons', () => {
    const stderr = '[segment @ 0x1] Timestamps are unset in a packet for stream 0. This is deprecated\n[segment @ 0x1] Non-monotonous DTS in output stream 0:0; previous: 0, current: 0; changing to 1.\n';
    const f = classifyRunExit({ ...base, exitCode: 1, stderr });
    assert.equal(f.code, 'error');
    assert.match(f.message, /exited with code 1/);
  });

  it('an audio codec MP4 cannot hold', () => {
    const stderr = '[mp4 @ 0x1] Could not find tag for codec pcm_mulaw in stream #1, codec not currently supported in container\nCould not write header for output file #0 (incorrect codec parameters ?): Invalid argument\n';
    assert.equal(rejectedAudioCodec(stderr, true), 'pcm_mulaw');
    assert.equal(rejectedAudioCodec(stderr, false), null);
    assert.equal(rejectedAudioCodec(stderr.replace('#1', '#0'), true), null);
    assert.equal(classifyRunExit({ ...base, stderr }).code, 'audio_unsupported');
  });

  it('a full disk', () => {
    const stderr = '[mp4 @ 0x1] Error writing: No space left on device\nav_interleaved_write_frame(): No space left on device\n';
    assert.equal(classifyRunExit({ ...base, hadPackets: true, stderr }).code, 'disk_full');
  });

  it('reason text: stable code first', () => {
    const text = formatFailureReason({ code: 'stalled', message: 'cam: nothing for 3 s.' });
    assert.equal(text, 'stalled: cam: nothing for 3 s.');
    assert.deepEqual(parseFailureReason(text), { code: 'stalled', message: 'cam: nothing for 3 s.' });
  });
});
