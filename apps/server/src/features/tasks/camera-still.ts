import { execFile } from 'node:child_process';
import { resolveMediaTarget } from '@argus/media';
import { AppError } from '../../errors';
import type { CameraInput } from './camera-frames';

/** Grabs one frame of a camera (URL or file) as a JPEG with ffmpeg, scaled to `width`; 409 camera_frame_unavailable when it cannot. */
export function grabStill(ffmpeg: string, input: CameraInput, width = 640, timeoutMs = 10_000): Promise<Buffer> {
  const target = resolveMediaTarget(input.url, input.username, input.password);
  if (!target.ok) return Promise.reject(new AppError('bad_request', target.message));
  const src = target.target.kind === 'file' ? target.target.input.replace(/^file:/, '') : target.target.input;
  const args = ['-hide_banner', '-loglevel', 'error', ...(src.startsWith('rtsp') ? ['-rtsp_transport', 'tcp'] : []), '-i', src, '-frames:v', '1', '-vf', `scale=${width}:-2`, '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'];
  return new Promise((resolve, reject) => {
    execFile(ffmpeg, args, { encoding: 'buffer', timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
      if (err || stdout.length < 4 || stdout[0] !== 0xff || stdout[1] !== 0xd8) {
        reject(new AppError('camera_frame_unavailable', `No frame could be taken from the camera${err ? `: ${err.killed ? 'timed out' : 'ffmpeg failed'}` : ''}`));
        return;
      }
      resolve(stdout);
    });
  });
}
