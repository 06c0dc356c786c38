/** The RTSP test server itself: real-time pacing, timestamps across loops, stop/restart, errors. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { type MediaTools, findMediaTools } from '../media-tools';
import { probeSource } from '../probe';
import { runProcess } from '../run-process';
import { makeTestClip } from './make-clip';
import { startTestRtspServer } from './rtsp-test-server';
import { requireSharedFile } from './shared-data';

const CLIP_S = 3;
const FPS = 12;

/** Records an RTSP URL with `ffmpeg -c copy` into mp4 for `wallMs`, then stops it with SIGINT (it finalises). */
async function record(tools: MediaTools, url: string, out: string, wallMs: number): Promise<{ wallS: number; stderr: string }> {
  const args = ['-nostdin', '-hide_banner', '-v', 'warning', '-rtsp_transport', 'tcp', '-i', url, '-c', 'copy', '-f', 'mp4', out];
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, wallMs));
  const wallS = (performance.now() - started) / 1000;
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  const code = await exited;
  clearTimeout(killer);
  // ffmpeg exits 255 when stopped by a signal, after writing the file.
  assert.ok(code === 0 || code === 255, `ffmpeg exit ${String(code)}: ${stderr}`);
  return { wallS, stderr };
}

interface Packet {
  pts: number;
  dts: number;
  key: boolean;
}

async function readPackets(tools: MediaTools, file: string): Promise<{ packets: Packet[]; durationS: number }> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,dts_time,flags:format=duration',
    '-of', 'json', file];
  const run = await runProcess(tools.ffprobe, args, { timeoutMs: 10_000 });
  assert.equal(run.exitCode, 0, run.stderr);
  const data = JSON.parse(run.stdout) as { packets: Record<string, string>[]; format: { duration: string } };
  const packets = data.packets.map((p) => ({ pts: Number(p.pts_time), dts: Number(p.dts_time), key: (p.flags ?? '').startsWith('K') }));
  return { packets, durationS: Number(data.format.duration) };
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('RTSP test server', async () => {
  const tools = await findMediaTools();
  const dir = await mkdtemp(path.join(tmpdir(), 'argus-rtsp-server-'));
  after(() => rm(dir, { recursive: true, force: true }));

  it('loops a clip live: increasing timestamps across the loop boundary, duration ≈ wall time', async (t) => {
    const source = requireSharedFile('videos/intel_people-detection.mp4', t);
    if (source === undefined) return;
    // Two slices per frame, as some cameras send: key frames must still arrive as one access unit each.
    const clip = await makeTestClip(tools, { source, out: path.join(dir, 'short.mp4'), seconds: CLIP_S, codec: 'h264', slices: 2 }, FPS);
    const server = await startTestRtspServer({ mounts: { loop: clip } });
    t.after(() => server.stop());

    const out = path.join(dir, 'recorded.mp4');
    const { wallS, stderr } = await record(tools, server.url('loop'), out, 1.6 * CLIP_S * 1000);
    const { packets, durationS } = await readPackets(tools, out);

    // ~1.5 loops, paced in real time: a burst (no pacing) would record far more than the wall time.
    assert.ok(durationS > 1.35 * CLIP_S, `recorded ${durationS} s, less than 1.35 loops`);
    assert.ok(Math.abs(durationS - wallS) < 0.8, `recorded ${durationS} s in ${wallS.toFixed(2)} s of wall time`);
    assert.ok(Math.abs(packets.length - durationS * FPS) <= 3, `${packets.length} packets for ${durationS} s`);
    for (let i = 1; i < packets.length; i += 1) {
      const [a, b] = [packets[i - 1], packets[i]];
      assert.ok(a !== undefined && b !== undefined);
      assert.ok(b.dts > a.dts, `dts not increasing at packet ${i}: ${a.dts} → ${b.dts}`);
      assert.ok(b.pts > a.pts, `pts not increasing at packet ${i}: ${a.pts} → ${b.pts}`);
      // ffmpeg's RTSP demuxer leaves the first packet without a timestamp (as with real cameras), so the muxer
      // puts packets 0 and 1 one tick apart; from there on every step is one frame, across the loop too.
      if (i >= 2) assert.ok(Math.abs(b.pts - a.pts - 1 / FPS) < 0.02, `gap ${(b.pts - a.pts).toFixed(3)} s at packet ${i}`);
    }
    assert.doesNotMatch(stderr, /Non-monotonous DTS[^\n]*previous: [1-9]/, 'muxer saw timestamps go back');
  });

  it('stops idempotently, comes back on the same port after restart, and reports bad mounts', async (t) => {
    const source = requireSharedFile('videos/intel_people-detection.mp4', t);
    if (source === undefined) return;
    const server = await startTestRtspServer({ mounts: { '/cam': source } });
    t.after(() => server.stop());
    const { port } = server;
    // 10 s: on a loaded 2-core CI machine a probe of a camera that has just come back can take several seconds.
    const probe = () => probeSource({ url: server.url('cam'), timeoutMs: 10_000, sampleSeconds: 0.5 }, tools);

    assert.ok((await probe()).ok);
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    assert.equal(await portAccepts(port), false, 'nothing listens after stop');
    const down = await probe();
    assert.ok(!down.ok && down.reason === 'unreachable', JSON.stringify(down));

    await server.restart();
    assert.equal(server.port, port);
    const up = await probe();
    assert.ok(up.ok, `${JSON.stringify(up)}\n${server.logs()}`);

    await server.restart(); // while running: down and up again
    const again = await probe();
    assert.ok(again.ok, `${JSON.stringify(again)}\n${server.logs()}`);

    await assert.rejects(
      startTestRtspServer({ mounts: { bad: path.join(dir, 'missing.mp4') } }),
      /exited with code 2 before READY[\s\S]*no such file: .*missing\.mp4/,
    );
  });
});
