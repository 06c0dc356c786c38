/** probeSource against real files and real local servers, with the real ffprobe. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { OPENCV_VTEST_PATH } from './demo-clip';
import { type MediaTools, findMediaTools } from './media-tools';
import { probeSource } from './probe';
import type { ProbeResult } from './probe-types';
import { type LocalServer, startSilentTcpServer, startStaticHttpServer } from './testing/local-servers';
import { findFreePort, requireFile, requireSharedFile } from './testing/shared-data';

function assertFailure(r: ProbeResult, reason: string): asserts r is Extract<ProbeResult, { ok: false }> {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  assert.equal(r.reason, reason, `${r.message}\n${r.detail}`);
  assert.ok(r.message.length > 10);
}

describe('probeSource (real ffprobe)', async () => {
  let tools: MediaTools;
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-probe-'));
  let http: LocalServer;
  let silent: LocalServer;
  before(async () => {
    tools = await findMediaTools();
    await writeFile(path.join(dir, 'notes.txt'), 'these are meeting notes, not a video\n'.repeat(20));
    await writeFile(path.join(dir, 'noise.mp4'), randomBytes(64 * 1024));
    http = await startStaticHttpServer(dir);
    silent = await startSilentTcpServer();
  });
  after(async () => {
    await http.close();
    await silent.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a real H.264 mp4 (Intel people-detection)', async (t) => {
    const file = requireSharedFile('videos/intel_people-detection.mp4', t);
    if (file === undefined) return;
    const r = await probeSource({ url: file }, tools);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.video.codec, 'h264');
    assert.equal(r.video.width, 768);
    assert.equal(r.video.height, 432);
    assert.ok(r.video.fps !== null && Math.abs(r.video.fps - 12) < 0.1, String(r.video.fps));
    assert.ok(r.video.bitRateKbps !== null && r.video.bitRateKbps > 0);
    assert.ok(r.durationS !== null && Math.abs(r.durationS - 49.7) < 0.5);
    assert.equal(r.audio, null);
  });

  it('reads the same file through a file:// URL and over HTTP', async (t) => {
    const file = requireSharedFile('videos/intel_people-detection.mp4', t);
    if (file === undefined) return;
    const viaUrl = await probeSource({ url: pathToFileURL(file).href }, tools);
    assert.ok(viaUrl.ok && viaUrl.video.width === 768);
    await copyFile(file, path.join(dir, 'people.mp4'));
    const viaHttp = await probeSource({ url: http.url('/people.mp4'), timeoutMs: 5000 }, tools);
    assert.ok(viaHttp.ok, JSON.stringify(viaHttp));
    assert.equal(viaHttp.video.codec, 'h264');
  });

  it("reads Debian opencv-doc's vtest.avi (PETS09, msmpeg4v3)", async (t) => {
    const file = requireFile(OPENCV_VTEST_PATH, t, 'install the Debian package opencv-doc');
    if (file === undefined) return;
    const r = await probeSource({ url: file }, tools);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual([r.video.width, r.video.height, r.video.fps, r.container], [768, 576, 10, 'avi']);
    assert.ok(r.video.bitRateKbps !== null && r.video.bitRateKbps > 0);
  });

  it('says not_video for a text file and for random bytes', async () => {
    assertFailure(await probeSource({ url: path.join(dir, 'notes.txt') }, tools), 'not_video');
    assertFailure(await probeSource({ url: path.join(dir, 'noise.mp4') }, tools), 'not_video');
  });

  it('says not_found for a missing file and for an HTTP 404', async () => {
    const missing = await probeSource({ url: path.join(dir, 'nope.mp4') }, tools);
    assertFailure(missing, 'not_found');
    assert.equal(missing.message, `File not found: ${path.join(dir, 'nope.mp4')}.`);
    assertFailure(await probeSource({ url: http.url('/nope.mp4'), timeoutMs: 5000 }, tools), 'not_found');
  });

  it('says unreachable for a port with nothing listening', async () => {
    const port = await findFreePort();
    const r = await probeSource({ url: `rtsp://127.0.0.1:${port}/cam`, timeoutMs: 5000 }, tools);
    assertFailure(r, 'unreachable');
    assert.ok(r.elapsedMs < 4000);
  });

  it('says timeout, within timeoutMs plus slack, for a server that accepts and never answers', async () => {
    const timeoutMs = 1500;
    for (const url of [`rtsp://127.0.0.1:${silent.port}/cam`, `http://127.0.0.1:${silent.port}/a.mp4`]) {
      const r = await probeSource({ url, timeoutMs }, tools);
      assertFailure(r, 'timeout');
      assert.ok(r.elapsedMs >= timeoutMs * 0.9 && r.elapsedMs < timeoutMs + 1500, `${url}: ${r.elapsedMs} ms`);
    }
  });

  it('says unsupported for an unknown protocol', async () => {
    assertFailure(await probeSource({ url: 'gopherx://127.0.0.1/x' }, tools), 'unsupported');
  });

  it('never returns the password, even when the server echoes the URL', async () => {
    const port = await findFreePort();
    const password = 'Very-Secret#Pass/1';
    const r = await probeSource({ url: `rtsp://127.0.0.1:${port}/cam`, username: 'admin', password, timeoutMs: 3000 }, tools);
    assertFailure(r, 'unreachable');
    const text = JSON.stringify(r);
    assert.ok(!text.includes(password) && !text.includes(encodeURIComponent(password)), text);
    assert.match(r.message, /rtsp:\/\/admin:\*\*\*@127\.0\.0\.1/);
  });
});
