import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { OPENCV_VTEST_PATH, generatedDemoArgs, resolveDemoClip } from './demo-clip';
import { findMediaTools } from './media-tools';
import { probeSource } from './probe';
import { requireFile } from './testing/shared-data';

describe('resolveDemoClip', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'argus-demo-'));
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("prefers the real PETS09 clip from Debian's opencv-doc", async (t) => {
    if (requireFile(OPENCV_VTEST_PATH, t, 'install the Debian package opencv-doc') === undefined) return;
    const clip = await resolveDemoClip(dataDir, await findMediaTools());
    assert.deepEqual([clip.path, clip.source], [OPENCV_VTEST_PATH, 'opencv-doc']);
    assert.match(clip.description, /PETS/);
  });

  it('generates a 20 s H.264 640x360 10 fps clip as a last resort, and reuses it', async () => {
    const tools = await findMediaTools();
    const clip = await resolveDemoClip(dataDir, tools, { candidates: [path.join(dataDir, 'absent.avi')] });
    assert.equal(clip.source, 'generated');
    assert.equal(clip.path, path.join(dataDir, 'demo', 'generated-demo.mp4'));
    const probe = await probeSource({ url: clip.path }, tools);
    assert.ok(probe.ok, JSON.stringify(probe));
    assert.deepEqual([probe.video.codec, probe.video.width, probe.video.height, probe.video.fps], ['h264', 640, 360, 10]);
    assert.ok(probe.durationS !== null && Math.abs(probe.durationS - 20) < 0.2);

    const before = await stat(clip.path);
    const again = await resolveDemoClip(dataDir, tools, { candidates: [] });
    assert.equal(again.path, clip.path);
    assert.equal((await stat(again.path)).mtimeMs, before.mtimeMs, 'reused, not regenerated');
  });

  it('says clearly when ffmpeg cannot make it', async () => {
    const dir = path.join(dataDir, 'broken');
    await assert.rejects(
      resolveDemoClip(dir, { ffmpeg: '/bin/false' }, { candidates: [] }),
      /Could not generate the demo clip .*generated-demo\.mp4 with ffmpeg: exit 1/,
    );
  });

  it('asks ffmpeg for testsrc2 at 640x360, 10 fps, 20 s, H.264', () => {
    const args = generatedDemoArgs('/x.mp4').join(' ');
    assert.match(args, /testsrc2=size=640x360:rate=10/);
    assert.match(args, /-t 20 /);
    assert.match(args, /-c:v libx264/);
  });
});
