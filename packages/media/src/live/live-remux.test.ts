import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveMediaTarget } from '../source-url';
import type { SplitFragment, SplitInit } from './fmp4-splitter';
import { LiveRemux, type LiveRemuxState } from './live-remux';

const dir = mkdtempSync(path.join(os.tmpdir(), 'live-remux-'));
const clip = path.join(dir, 'clip.mp4');
const made = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25', '-t', '2', '-c:v', 'libx264', '-g', '25', '-pix_fmt', 'yuv420p', clip]);
assert.equal(made.status, 0, made.stderr?.toString());

function remux(url: string, extra: { stallMs?: number } = {}) {
  const target = resolveMediaTarget(url);
  assert.ok(target.ok);
  const seen = { inits: [] as SplitInit[], frags: [] as SplitFragment[], states: [] as Array<[LiveRemuxState, string | undefined]> };
  const r = new LiveRemux({
    ffmpegPath: 'ffmpeg',
    target: target.target,
    fragmentMs: 100,
    ioTimeoutMs: 5000,
    stallMs: extra.stallMs ?? 5000,
    backoff: { initialMs: 100, maxMs: 200 },
    onInit: (i) => seen.inits.push(i),
    onFragment: (f) => seen.frags.push(f),
    onState: (s, why) => seen.states.push([s, why]),
  });
  return { r, seen };
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('LiveRemux (real ffmpeg)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('remuxes a looping file source into init + fragments, goes live, and closes idempotently', async () => {
    const { r, seen } = remux(clip);
    r.start();
    await until('3 s of fragments', () => seen.frags.reduce((n, f) => n + f.durationS, 0) >= 3, 30_000);
    assert.equal(seen.inits.length, 1, 'looping keeps one init');
    assert.equal(seen.frags[0]!.keyframe, true);
    assert.ok(seen.frags.every((f) => f.durationS <= 0.1 + 0.04 + 1e-6), 'fragments of about 100 ms (at most one frame more)');
    assert.deepEqual(seen.states[0], ['live', undefined]);
    const pid = r.pid!;
    await Promise.all([r.close(), r.close()]);
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'ffmpeg is gone');
    assert.equal(r.startCount, 1);
  });

  it('reports a failing source with a reason and restarts it with backoff', async () => {
    const { r, seen } = remux('rtsp://127.0.0.1:9/nothing');
    r.start();
    await until('two failures', () => seen.states.filter(([s]) => s === 'failing').length >= 2);
    assert.ok(r.startCount >= 2);
    assert.ok(seen.states.every(([s, why]) => s === 'failing' && (why ?? '').length > 0), JSON.stringify(seen.states));
    await r.close();
  });

  it('restarts a source that stops delivering (stall detection)', async () => {
    // an HTTP "camera" that answers and then sends nothing
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'video/mp2t' }));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const { r, seen } = remux(`http://127.0.0.1:${port}/cam.ts`, { stallMs: 1000 });
    try {
      r.start();
      await until('a stall', () => seen.states.some(([s, why]) => s === 'failing' && /no data/.test(why ?? '')), 20_000);
    } finally {
      await r.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
