/**
 * A live test camera whose frames carry their own capture time: Node draws the low 32 bits of Date.now() as an 8×4
 * grid of black/white blocks into 320×240 grey frames at 25 fps, ffmpeg encodes them (libx264, zerolatency, a key
 * frame every second) to MPEG-TS, and a tiny HTTP server hands the live stream to every client (camera kind 'http').
 * A player that reads the blocks back knows exactly when the frame it shows was captured.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const W = 320;
export const H = 240;
const COLS = 8;
const ROWS = 4;
const FPS = 25;

export function drawTime(ms: number): Buffer {
  const frame = Buffer.alloc(W * H);
  const v = ms % 2 ** 32;
  const bw = W / COLS;
  const bh = H / ROWS;
  for (let bit = 0; bit < 32; bit += 1) {
    if (Math.floor(v / 2 ** bit) % 2 === 0) continue;
    const x0 = (bit % COLS) * bw;
    const y0 = Math.floor(bit / COLS) * bh;
    for (let y = y0; y < y0 + bh; y += 1) frame.fill(255, y * W + x0, y * W + x0 + bw);
  }
  return frame;
}

export interface ClockCamera {
  url: string;
  close(): Promise<void>;
}

export async function startClockCamera(ffmpeg = 'ffmpeg'): Promise<ClockCamera> {
  const enc = spawn(ffmpeg, [
    '-hide_banner', '-loglevel', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${H}`, '-framerate', String(FPS), '-i', 'pipe:0',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(FPS), '-bf', '0', '-pix_fmt', 'yuv420p',
    '-f', 'mpegts', '-muxdelay', '0', '-flush_packets', '1', 'pipe:1',
  ], { stdio: ['pipe', 'pipe', 'inherit'] });
  const clients = new Set<http.ServerResponse>();
  enc.stdout.on('data', (chunk: Buffer) => {
    for (const c of clients) c.write(chunk);
  });
  enc.stdin.on('error', () => undefined);
  const timer = setInterval(() => enc.stdin.write(drawTime(Date.now())), 1000 / FPS);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp2t' });
    clients.add(res);
    req.on('close', () => clients.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/clock.ts`,
    close: async () => {
      clearInterval(timer);
      for (const c of clients) c.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      enc.stdin.end();
      enc.kill('SIGTERM');
    },
  };
}
