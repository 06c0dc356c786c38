import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { MediaToolsMissingError, findMediaTools, lookupOnPath, parseFfmpegVersion } from './media-tools';

describe('parseFfmpegVersion', () => {
  it('reads the version token of the first line', () => {
    assert.equal(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc'), '5.1.9-0+deb12u1');
    assert.equal(parseFfmpegVersion('ffmpeg version n7.1 Copyright'), 'n7.1');
    assert.equal(parseFfmpegVersion('something else'), null);
  });
});

describe('findMediaTools', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-media-tools-'));
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds the real ffmpeg and ffprobe on PATH and reads the version', async () => {
    const tools = await findMediaTools({ env: { PATH: process.env.PATH } });
    assert.match(tools.ffmpeg, /\/ffmpeg$/);
    assert.match(tools.ffprobe, /\/ffprobe$/);
    assert.match(tools.version, /^\S*\d+\.\d+/);
  });

  it('prefers explicit paths from the environment', async () => {
    const real = await findMediaTools({ env: { PATH: process.env.PATH } });
    const tools = await findMediaTools({ env: { ARGUS_FFMPEG_PATH: real.ffmpeg, ARGUS_FFPROBE_PATH: real.ffprobe, PATH: '' } });
    assert.equal(tools.ffmpeg, real.ffmpeg);
    assert.equal(tools.ffprobe, real.ffprobe);
  });

  it('throws one clear error when they are missing', async () => {
    await assert.rejects(findMediaTools({ env: { PATH: dir } }), (err: unknown) => {
      assert.ok(err instanceof MediaToolsMissingError);
      assert.equal(err.code, 'MEDIA_TOOLS_MISSING');
      assert.equal(err.message,
        'ffmpeg/ffprobe not found (no ffmpeg on PATH; no ffprobe on PATH). Argus needs them: on Debian run ' +
        '`apt-get install ffmpeg`, or set ARGUS_FFMPEG_PATH and ARGUS_FFPROBE_PATH.');
      return true;
    });
  });

  it('names a bad explicit path', async () => {
    await assert.rejects(
      findMediaTools({ ffmpegPath: path.join(dir, 'nope'), env: { PATH: process.env.PATH } }),
      /ffmpeg path=.*nope is not an executable file/,
    );
  });

  it('rejects a binary that does not answer -version like ffmpeg', async () => {
    const fake = path.join(dir, 'ffmpeg');
    await writeFile(fake, '#!/bin/sh\nexit 3\n');
    await chmod(fake, 0o755);
    const real = await findMediaTools({ env: { PATH: process.env.PATH } });
    await assert.rejects(findMediaTools({ ffmpegPath: fake, ffprobePath: real.ffprobe }), /-version did not work: exit 3/);
  });

  it('looks up executables only', async () => {
    const plain = path.join(dir, 'not-exec');
    await writeFile(plain, 'x');
    assert.equal(await lookupOnPath('not-exec', dir), null);
    assert.equal(await lookupOnPath('ffmpeg', `${dir}${path.delimiter}/nonexistent`), path.join(dir, 'ffmpeg'));
  });
});
