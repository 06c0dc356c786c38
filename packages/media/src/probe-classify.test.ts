import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { classifyProbeFailure, lastLines, type ProbeFailureEvidence } from './probe-classify';
import type { ProbeFailureReason } from './probe-types';
import { redactSecrets, resolveMediaTarget } from './source-url';

interface StderrSample {
  name: string;
  expected: ProbeFailureReason;
  url: string;
  ioTimeoutMs: number | null;
  exitCode: number;
  elapsedMs: number;
  stderr: string;
}

/** Real ffprobe 5.1 runs against real servers on 127.0.0.1 (see fixtures/ffprobe-stderr-samples.json). */
const { samples } = JSON.parse(
  readFileSync(new URL('./fixtures/ffprobe-stderr-samples.json', import.meta.url), 'utf8'),
) as { samples: StderrSample[] };

function evidence(s: StderrSample, over: Partial<ProbeFailureEvidence> = {}): ProbeFailureEvidence {
  const resolved = resolveMediaTarget(s.url);
  assert.ok(resolved.ok);
  const t = resolved.target;
  return {
    stderr: redactSecrets(s.stderr, t.secrets),
    exitCode: s.exitCode,
    timedOut: false,
    elapsedMs: s.elapsedMs,
    ioTimeoutMs: t.kind === 'file' ? null : s.ioTimeoutMs,
    kind: t.kind,
    display: t.display,
    hasCredentials: t.hasCredentials,
    ...over,
  };
}

describe('classifyProbeFailure on recorded ffprobe stderr', () => {
  assert.ok(samples.length >= 14);
  for (const s of samples) {
    it(`${s.name} → ${s.expected}`, () => {
      const c = classifyProbeFailure(evidence(s));
      assert.equal(c.reason, s.expected, c.message);
      assert.match(c.message, /^[A-Z/a-z].+\.$|: .+$/);
      assert.ok(!c.message.includes('nope@'), 'no password in the message');
    });
  }
});

describe('classifyProbeFailure messages and edge cases', () => {
  const base: ProbeFailureEvidence = {
    stderr: '', exitCode: 1, timedOut: false, elapsedMs: 50, ioTimeoutMs: 5000, kind: 'rtsp',
    display: 'rtsp://admin:***@cam/x', hasCredentials: true,
  };

  it('our own timer wins over anything in stderr', () => {
    const c = classifyProbeFailure({ ...base, stderr: 'Connection refused', timedOut: true, exitCode: null, elapsedMs: 3000 });
    assert.deepEqual(c, { reason: 'timeout', message: 'rtsp://admin:***@cam/x did not answer within 3 s.' });
  });

  it('RTSP "Invalid data" is bad data when fast, a timeout when it took the whole I/O timeout', () => {
    const stderr = 'rtsp://cam/x: Invalid data found when processing input\n';
    assert.equal(classifyProbeFailure({ ...base, stderr }).reason, 'not_video');
    assert.equal(classifyProbeFailure({ ...base, stderr, elapsedMs: 5100 }).reason, 'timeout');
    assert.equal(classifyProbeFailure({ ...base, stderr, kind: 'file', ioTimeoutMs: null, elapsedMs: 9000 }).reason, 'not_video');
  });

  it('tells wrong credentials from missing ones', () => {
    const stderr = 'method DESCRIBE failed: 401 Unauthorized';
    assert.match(classifyProbeFailure({ ...base, stderr }).message, /refused the user name and password/);
    assert.match(classifyProbeFailure({ ...base, stderr, hasCredentials: false }).message, /requires a user name and password/);
    assert.equal(classifyProbeFailure({ ...base, stderr: 'Server returned 403 Forbidden (access denied)' }).reason, 'auth_refused');
  });

  it('does not take ffmpeg\'s own "not found" (options, decoders) for a missing source', () => {
    const c = classifyProbeFailure({ ...base, stderr: "Option 'foo' not found\n" });
    assert.equal(c.reason, 'error');
    assert.equal(c.message, "Probing rtsp://admin:***@cam/x failed: Option 'foo' not found");
  });

  it('reports server errors and start failures as error', () => {
    assert.equal(classifyProbeFailure({ ...base, kind: 'http', stderr: 'Server returned 5XX Server Error reply' }).reason, 'error');
    const c = classifyProbeFailure({ ...base, spawnError: 'spawn /nope/ffprobe ENOENT', exitCode: null });
    assert.deepEqual(c, { reason: 'error', message: 'ffprobe could not be started: spawn /nope/ffprobe ENOENT.' });
  });
});

describe('lastLines', () => {
  it('keeps the last non-empty lines', () => {
    assert.equal(lastLines('a\n\nb\r\nc\n\n', 2), 'b\nc');
    assert.equal(lastLines('', 3), '');
  });
});
