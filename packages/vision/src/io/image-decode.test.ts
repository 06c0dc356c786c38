import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type MediaTools, findMediaTools, requireSharedFile, runProcess } from '@argus/media';
import { ImageDecodeError, decodeImageFile, parsePnm, swapRedBlue } from './image-decode';

describe('parsePnm', () => {
  it('reads P6 and P5 headers (with a comment) and returns the pixel bytes', () => {
    const p6 = Buffer.concat([Buffer.from('P6\n# made by hand\n2 1\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]);
    const img = parsePnm(p6);
    assert.deepEqual([img.kind, img.width, img.height], ['P6', 2, 1]);
    assert.deepEqual([...img.pixels], [1, 2, 3, 4, 5, 6]);
    const p5 = Buffer.concat([Buffer.from('P5 3 1 255 '), Buffer.from([9, 8, 10])]);
    assert.deepEqual([...parsePnm(p5).pixels], [9, 8, 10]);
  });

  it('rejects other formats, 16-bit files and short data', () => {
    assert.throws(() => parsePnm(Buffer.from('\x89PNG....')), (e: unknown) => e instanceof ImageDecodeError && /not a binary PGM\/PPM/.test(e.message));
    assert.throws(() => parsePnm(Buffer.from('P6 1 1 65535 \0\0\0\0\0\0')), /maxval 65535/);
    assert.throws(() => parsePnm(Buffer.from('P6 2 2 255 \0\0\0')), /3 pixel bytes, need 12/);
  });

  it('swapRedBlue swaps bytes 0 and 2 of each pixel', () => {
    const d = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    swapRedBlue(d);
    assert.deepEqual([...d], [3, 2, 1, 6, 5, 4]);
  });
});

describe('decodeImageFile (ffmpeg)', () => {
  let tools: MediaTools;
  let dir: string;
  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(os.tmpdir(), 'argus-image-decode-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('decodes a PNG to bgr24, rgb24 and gray8 with the right size and colour order', async () => {
    const png = path.join(dir, 'red.png');
    const run = await runProcess(tools.ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=0xFF0000:s=6x4', '-frames:v', '1', png], { timeoutMs: 20_000 });
    assert.equal(run.exitCode, 0, run.stderr);
    const bgr = await decodeImageFile(png, { tools });
    assert.deepEqual([bgr.width, bgr.height, bgr.format, bgr.data.length], [6, 4, 'bgr24', 72]);
    const [b, g, r] = bgr.data; // lavfi's colour goes through YUV, so red is ~253, not exactly 255
    assert.ok(b! < 8 && g! < 8 && r! > 245, `BGR ${b},${g},${r}`);
    assert.equal(bgr.data.byteOffset, 0);
    assert.equal(bgr.data.buffer.byteLength, 72, 'an exactly-sized buffer that can be transferred whole');
    const rgb = await decodeImageFile(png, { tools, format: 'rgb24' });
    assert.deepEqual([...rgb.data.subarray(0, 3)], [r, g, b]);
    const gray = await decodeImageFile(png, { tools, format: 'gray8' });
    assert.equal(gray.data.length, 24);
  });

  it('decodes a real COCO JPEG', async (t) => {
    const file = requireSharedFile('stills/coco64_dev/images/000000000139.jpg', t);
    if (file === undefined) return;
    const f = await decodeImageFile(file, { tools });
    assert.deepEqual([f.width, f.height, f.data.length], [640, 426, 640 * 426 * 3]);
  });

  it('fails clearly on a file that is not an image', async () => {
    const bad = path.join(dir, 'bad.jpg');
    await writeFile(bad, 'definitely not a jpeg');
    await assert.rejects(decodeImageFile(bad, { tools }), (e: unknown) => e instanceof ImageDecodeError && e.code === 'IMAGE_DECODE_FAILED' && e.message.startsWith(`cannot decode image ${bad}: `));
    await assert.rejects(decodeImageFile(path.join(dir, 'missing.png'), { tools }), /cannot decode image .*missing\.png: .*No such file/);
  });
});
