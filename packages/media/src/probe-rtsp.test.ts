/** probeSource against real RTSP cameras: the GStreamer test server serving real footage on 127.0.0.1. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { OPENCV_VTEST_PATH } from './demo-clip';
import { findMediaTools } from './media-tools';
import { probeSource } from './probe';
import { makeTestClip } from './testing/make-clip';
import { startTestRtspServer } from './testing/rtsp-test-server';
import { requireFile, requireSharedFile } from './testing/shared-data';

const USER = 'argus-test';
const PASSWORD = 'pa55:w@rd/Secret';
/**
 * Generous: a probe returns as soon as it has its answer, but under the full suite (two test files at once on two
 * cores) the GStreamer server took over 8 s to build a mount's pipeline for its first client.
 */
const PROBE_TIMEOUT_MS = 30_000;

describe('probeSource over RTSP (real GStreamer RTSP server, real footage)', async () => {
  const tools = await findMediaTools();
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-probe-rtsp-'));
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('probes a mount serving an H.264 mp4 as-is, measuring the bit rate', async (t) => {
    const file = requireSharedFile('videos/intel_people-detection.mp4', t);
    if (file === undefined) return;
    const server = await startTestRtspServer({ mounts: { people: file } });
    cleanups.push(() => server.stop());
    const r = await probeSource({ url: server.url('people'), timeoutMs: PROBE_TIMEOUT_MS }, tools);
    assert.ok(r.ok, `${JSON.stringify(r)}\n${server.logs()}`);
    assert.equal(r.container, 'rtsp');
    assert.equal(r.video.codec, 'h264');
    assert.deepEqual([r.video.width, r.video.height], [768, 432]);
    assert.ok(r.video.fps !== null && Math.abs(r.video.fps - 12) < 0.5, String(r.video.fps));
    assert.ok(r.video.bitRateKbps !== null && r.video.bitRateKbps > 0, 'bit rate measured from packets');
    assert.equal(r.durationS, null);
    const missing = await probeSource({ url: server.url('no-such-camera'), timeoutMs: PROBE_TIMEOUT_MS }, tools);
    assert.ok(!missing.ok && missing.reason === 'not_found', JSON.stringify(missing));
  });

  it('probes a non-H.264 source (MPEG-4 part 2 cut from PETS09), served as H.264', async (t) => {
    const vtest = requireFile(OPENCV_VTEST_PATH, t, 'install the Debian package opencv-doc');
    if (vtest === undefined) return;
    const clip = await makeTestClip(tools, { source: vtest, out: path.join(dir, 'pets.avi'), seconds: 2, codec: 'mpeg4' }, 10);
    const server = await startTestRtspServer({ mounts: { pets: clip }, cacheDir: path.join(dir, 'cache') });
    cleanups.push(() => server.stop());
    const r = await probeSource({ url: server.url('pets'), timeoutMs: PROBE_TIMEOUT_MS, sampleSeconds: 1 }, tools);
    assert.ok(r.ok, `${JSON.stringify(r)}\n${server.logs()}`);
    assert.deepEqual([r.video.codec, r.video.width, r.video.height], ['h264', 768, 576]);
    assert.match(server.logs(), /transcoded once/);
  });

  it('with an authenticating server: auth_refused without or with wrong credentials, ok with the right ones', async (t) => {
    const file = requireSharedFile('videos/intel_people-detection.mp4', t);
    if (file === undefined) return;
    const server = await startTestRtspServer({ mounts: { cam: file }, user: USER, password: PASSWORD });
    cleanups.push(() => server.stop());
    const url = server.url('cam');

    const anonymous = await probeSource({ url, timeoutMs: PROBE_TIMEOUT_MS }, tools);
    assert.ok(!anonymous.ok && anonymous.reason === 'auth_refused', JSON.stringify(anonymous));
    assert.match(anonymous.message, /requires a user name and password/);

    const wrong = await probeSource({ url, username: USER, password: `${PASSWORD}-wrong`, timeoutMs: PROBE_TIMEOUT_MS }, tools);
    assert.ok(!wrong.ok && wrong.reason === 'auth_refused', JSON.stringify(wrong));
    assert.match(wrong.detail, /401 Unauthorized/);
    assert.match(wrong.message, new RegExp(`rtsp://${USER}:\\*\\*\\*@127\\.0\\.0\\.1:${server.port}/cam`));

    const right = await probeSource({ url, username: USER, password: PASSWORD, timeoutMs: PROBE_TIMEOUT_MS, sampleSeconds: 1 }, tools);
    assert.ok(right.ok, JSON.stringify(right));
    assert.equal(right.video.codec, 'h264');

    const inUrl = await probeSource({ url: server.url('cam', { withCredentials: true }), timeoutMs: PROBE_TIMEOUT_MS, sampleSeconds: 0.5 }, tools);
    assert.ok(inUrl.ok, JSON.stringify(inUrl));

    for (const r of [anonymous, wrong, right, inUrl]) {
      const text = JSON.stringify(r);
      assert.ok(!text.includes(PASSWORD) && !text.includes(encodeURIComponent(PASSWORD)), `password leaked: ${text}`);
    }
  });
});
