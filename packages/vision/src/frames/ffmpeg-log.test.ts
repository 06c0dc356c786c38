import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyFfmpegError, lastLogLines, parseInputFps, parseOutputSize, parseShowinfoPts } from './ffmpeg-log';

// Lines as ffmpeg 5.1 prints them.
const INPUT = '  Stream #0:0: Video: h264 (High) (H264 / 0x34363248), yuv420p(tv, bt709, progressive), 480x360 [SAR 1:1 DAR 4:3], 178 kb/s, 10 fps, 10 tbr, 10 tbn';
const INPUT_NTSC = '  Stream #0:0(und): Video: h264 (Main) (avc1 / 0x31637661), yuv420p, 1920x1080, 4000 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)';
const INPUT_TBR_ONLY = '  Stream #0:0: Video: h264 (Main), yuv420p(progressive), 640x480, 25 tbr, 90k tbn';
const OUTPUT = '  Stream #0:0: Video: rawvideo (BGR[24] / 0x18524742), bgr24(pc, gbr/bt709/bt709, progressive), 240x180 [SAR 1:1 DAR 4:3], q=2-31, 5184 kb/s, 5 fps, 5 tbn';
const SHOWINFO = '[Parsed_showinfo_2 @ 0x55c4a21ff680] n:   1 pts:      2 pts_time:0.4     pos:    60892 fmt:bgr24 sar:1/1 s:240x180 i:P iskey:0 type:B';

test('parses showinfo timestamps', () => {
  assert.deepEqual(parseShowinfoPts(SHOWINFO), { n: 1, ptsTime: 0.4 });
  assert.deepEqual(parseShowinfoPts('[Parsed_showinfo_1 @ 0x1] n:  12 pts:  30720 pts_time:2.4     pos: 1'), { n: 12, ptsTime: 2.4 });
  assert.equal(parseShowinfoPts('[Parsed_showinfo_2 @ 0x55c4a21ff680] color_range:pc color_space:gbr'), null);
});

test('parses the input frame rate and the output size', () => {
  assert.equal(parseInputFps(INPUT), 10);
  assert.equal(parseInputFps(INPUT_NTSC), 29.97);
  assert.equal(parseInputFps(INPUT_TBR_ONLY), 25);
  assert.equal(parseInputFps('  Stream #0:1: Audio: aac (LC), 44100 Hz, stereo, fltp, 127 kb/s'), null);
  assert.deepEqual(parseOutputSize(OUTPUT), { width: 240, height: 180 });
  assert.equal(parseOutputSize(INPUT), null);
});

test('classifies fatal errors', () => {
  assert.equal(classifyFfmpegError('/etc/passwd: Invalid data found when processing input'), 'NOT_A_VIDEO');
  assert.equal(classifyFfmpegError('Stream map \'0:v:0\' matches no streams.'), 'NOT_A_VIDEO');
  assert.equal(classifyFfmpegError('/nope.mp4: No such file or directory'), 'SOURCE_NOT_FOUND');
  assert.equal(classifyFfmpegError('[tcp @ 0x1] Connection to tcp://127.0.0.1:9 failed: Connection refused'), 'SOURCE_UNREACHABLE');
  assert.equal(classifyFfmpegError('[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized'), 'SOURCE_UNREACHABLE');
  assert.equal(classifyFfmpegError('something else'), null);
  assert.equal(lastLogLines(`a\n${SHOWINFO}\nb\n\nc\n`, 2), 'b | c');
});
