/**
 * Crash safety with real processes: ffmpeg killed -9 mid-segment (the recorder repairs and goes on), the server
 * killed -9 (ffmpeg finalises and exits; recoverWorkDir returns everything at the next start), a server that died
 * leaving ffmpeg running, and partial files with nothing complete in them.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findMediaTools, type MediaTools } from '../media-tools';
import { runProcess } from '../run-process';
import { analyzeSegment } from './segment-analysis';
import { recoverWorkDir } from './recover-work-dir';
import { newSessionRecord, writeSessionRecord } from './session-record';
import { cachedClip, collectingRecorder, ffmpegChildren, probeSegment, segmentGaps, sharedClip, spawnBareRecorderFfmpeg, waitFor } from './test-support';
import type { ClosedSegment } from './types';
import { parseSegmentFileName, sessionPaths } from './work-dir-layout';

const HOST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-crash-host.ts');

async function assertPlayable(tools: MediaTools, s: ClosedSegment): Promise<void> {
  const analysis = analyzeSegment(await readFile(s.file));
  assert.equal(analysis.valid, true, analysis.problems.join('; '));
  const probed = await probeSegment(tools, s.file);
  assert.equal(probed.stderr, '');
  assert.equal(probed.keyFirst, true);
  assert.equal(probed.packets, analysis.tracks[0]!.sampleCount);
}

/** Segment files of a session and whether ffmpeg listed them. */
async function sessionFiles(workDir: string, sourceId: string, sessionId: string): Promise<{ listed: string[]; all: string[] }> {
  const list = await readFile(sessionPaths(workDir, sourceId, sessionId).segmentList, 'utf8').catch(() => '');
  const all = (await readdir(workDir)).filter((n) => parseSegmentFileName(n)?.sessionId === sessionId).sort();
  return { listed: list.split('\n').filter(Boolean).map((l) => l.split(',')[0]!), all };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('crash recovery (real processes)', { concurrency: true }, () => {
  let tools: MediaTools;
  let dir: string;
  let clip: string | undefined;
  let skip: string | undefined;

  before(async () => {
    tools = await findMediaTools();
    dir = await mkdtemp(path.join(tmpdir(), 'argus-crash-'));
    const people = sharedClip('videos/intel_people-detection.mp4');
    if (people.file === undefined) skip = people.skip;
    else clip = await cachedClip(tools, { source: people.file, seconds: 8, fps: 12, audio: false });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('ffmpeg killed -9 mid-segment: the partial segment is repaired and handed over, recording goes on', async (t) => {
    if (clip === undefined) return t.skip(skip);
    const { recorder, segments, states } = await collectingRecorder(
      {
        sourceId: 'kill-ffmpeg', input: { url: clip }, workDir: path.join(dir, 'kill-ffmpeg'),
        segmentSeconds: 4, stallTimeoutSeconds: 5, backoff: { initialMs: 200, maxMs: 1000 }, loopFiles: true,
      },
      { tools },
    );
    recorder.start();
    await waitFor('a first segment', () => segments.length >= 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // into the second segment: 2 complete fragments
    const killedAt = Date.now();
    const before = segments.length;
    recorder.crashCurrentRunForTest();
    const repaired = await waitFor('the repaired segment', () => segments.slice(before).find((s) => s.recovered), 10_000);
    await waitFor('a segment of the next run', () => segments.some((s) => s.sessionId !== segments[0]!.sessionId && !s.recovered), 20_000);
    await recorder.close();

    assert.ok(states.some((s) => s.status === 'failing' && s.reason.startsWith('crashed:')), 'reported as a crash');
    assert.equal(repaired.sessionId, segments[0]!.sessionId);
    assert.ok(repaired.durationMs >= 900 && repaired.durationMs <= 3000, `repaired ${repaired.durationMs} ms`);
    assert.ok(repaired.startMs + repaired.durationMs <= killedAt + 100, 'ends at its last complete fragment, before the kill');
    await assertPlayable(tools, repaired);
    const firstRun = segments.filter((s) => s.sessionId === repaired.sessionId);
    for (const gap of segmentGaps(firstRun)) assert.ok(Math.abs(gap.gapMs) <= 1);
    assert.equal(recorder.stats().segmentsRepaired, 1);
  });

  it('server killed -9 without cleanup: recoverWorkDir keeps closed segments and repairs the partial one', async (t) => {
    if (clip === undefined) return t.skip(skip);
    const workDir = path.join(dir, 'bare');
    await mkdir(workDir);
    const sessionId = 'crashtest-00000001';
    const spawnedAt = Date.now();
    const ff = spawnBareRecorderFfmpeg(tools, { url: clip, workDir, sourceId: 'bare', sessionId, segmentSeconds: 3 });
    // Wait for two closed segments and a third with two complete fragments (ffmpeg writes whole fragments).
    const partialFile = await waitFor('two closed segments and a partial one', async () => {
      const { listed, all } = await sessionFiles(workDir, 'bare', sessionId);
      if (listed.length < 2 || all.length <= listed.length) return false;
      const file = path.join(workDir, all.at(-1)!);
      return analyzeSegment(await readFile(file)).fragments.length >= 2 ? file : false;
    }, 20_000, 50);
    process.kill(-ff.pid, 'SIGKILL');
    await ff.exited;
    // A kill in the middle of a write leaves half a fragment: cut the last one in the middle of its mdat.
    const before = analyzeSegment(await readFile(partialFile));
    const last = before.fragments.at(-1)!;
    await truncate(partialFile, last.end - 1000);

    const report = await recoverWorkDir(workDir, 'bare', { tools });
    const closed = report.segments.filter((s) => !s.recovered);
    const partial = report.segments.filter((s) => s.recovered);
    assert.ok(closed.length >= 2);
    assert.equal(partial.length, 1, JSON.stringify(report.discarded));
    assert.equal(partial[0]!.sequence, closed.length);
    assert.equal(partial[0]!.sizeBytes, last.moofOffset, 'cut after the last complete fragment');
    for (const s of report.segments) await assertPlayable(tools, s);
    for (const gap of segmentGaps(report.segments)) assert.ok(Math.abs(gap.gapMs) <= 1, `gap ${gap.gapMs}`);
    // No session record: times come from the files' mtimes (within about a fragment).
    assert.ok(Math.abs(report.segments[0]!.startMs - spawnedAt) < 1500, `start off by ${report.segments[0]!.startMs - spawnedAt} ms`);
    // Idempotent: a second start-up offers the same segments again (at-least-once), nothing is repaired twice.
    const again = await recoverWorkDir(workDir, 'bare', { tools });
    assert.deepEqual(again.segments.map((s) => [s.sequence, s.sha256, s.startMs]), report.segments.map((s) => [s.sequence, s.sha256, s.startMs]));
  });

  it('a partial segment with nothing complete in it is discarded, never handed over', async (t) => {
    if (clip === undefined) return t.skip(skip);
    const workDir = path.join(dir, 'discard');
    await mkdir(workDir);
    const paths = sessionPaths(workDir, 'discard', 'fast-00000001');
    const run = await runProcess(tools.ffmpeg, ['-v', 'error', '-i', clip, '-t', '3', '-c', 'copy', '-f', 'mp4',
      '-movflags', '+frag_keyframe+empty_moov+default_base_moof', path.join(workDir, 'whole.mp4')], { timeoutMs: 30_000 });
    assert.equal(run.exitCode, 0, run.stderr);
    const whole = analyzeSegment(await readFile(path.join(workDir, 'whole.mp4')));
    const broken = paths.segmentPattern.replace('%06d', '000000');
    await copyFile(path.join(workDir, 'whole.mp4'), broken);
    await truncate(broken, whole.fragments[0]!.moofOffset + 100); // inside the first fragment
    await rm(path.join(workDir, 'whole.mp4'));
    await writeFile(paths.segmentList, '');
    const report = await recoverWorkDir(workDir, 'discard', { tools });
    assert.deepEqual(report.segments, []);
    assert.equal(report.discarded.length, 1);
    assert.deepEqual(await readdir(workDir), [], 'the broken file and the empty session journal are gone');
  });

  it('a server that died leaving ffmpeg running: recoverWorkDir stops it first (it finalises its segment)', async (t) => {
    if (clip === undefined) return t.skip(skip);
    const workDir = path.join(dir, 'leftover');
    await mkdir(workDir);
    const sessionId = 'leftover-00000001';
    const ff = spawnBareRecorderFfmpeg(tools, { url: clip, workDir, sourceId: 'leftover', sessionId, segmentSeconds: 2 });
    const anchorMs = Date.now();
    await writeSessionRecord(sessionPaths(workDir, 'leftover', sessionId).sessionRecord, {
      ...newSessionRecord('leftover', sessionId, anchorMs), pid: ff.pid, anchorMs, anchorFinal: true,
    });
    await waitFor('a closed segment', async () => (await sessionFiles(workDir, 'leftover', sessionId)).listed.length >= 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const report = await recoverWorkDir(workDir, 'leftover', { tools, killGraceMs: 3000 });
    await ff.exited;
    assert.deepEqual(report.stoppedPids, [ff.pid]);
    assert.equal(isAlive(ff.pid), false);
    assert.ok(report.segments.length >= 2);
    for (const s of report.segments) {
      assert.equal(s.recovered, false, 'SIGTERM let ffmpeg close its last segment properly');
      await assertPlayable(tools, s);
    }
    assert.ok(Math.abs(report.segments[0]!.startMs - anchorMs) < 300, 'times from the session record');
  });

  it('the server killed -9 while recording: its ffmpeg exits by itself; recoverWorkDir returns every segment', async (t) => {
    if (clip === undefined) return t.skip(skip);
    const workDir = path.join(dir, 'host');
    const host = spawn(process.execPath, ['--import', 'tsx', HOST, JSON.stringify({ url: clip, workDir, sourceId: 'host', segmentSeconds: 2 })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => host.once('close', () => resolve()));
    const handedOver: ClosedSegment[] = [];
    let ffmpegPid: number | null = null;
    createInterface({ input: host.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { segment?: ClosedSegment; pid?: number | null };
      if (msg.segment !== undefined) handedOver.push(msg.segment);
      if (typeof msg.pid === 'number') ffmpegPid = msg.pid;
    });
    try {
      await waitFor('two handed-over segments', () => handedOver.length >= 2, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      host.kill('SIGKILL');
      await exited;
      const pid = ffmpegPid!;
      // setpriv --pdeathsig TERM: ffmpeg gets SIGTERM when its parent dies. The kernel sends it again each time the
      // child is handed to another exiting thread of the dead parent, and ffmpeg takes a second signal as "exit
      // now", so it usually leaves its last segment unfinished: recovery repairs that one.
      await waitFor('ffmpeg to exit after its parent died', () => !isAlive(pid), 5000, 50);
      const report = await recoverWorkDir(workDir, 'host', { tools });
      assert.deepEqual(report.stoppedPids, []);
      assert.ok(report.segments.length >= handedOver.length + 1, 'the segments never moved + the one in progress');
      for (const [i, s] of report.segments.entries()) {
        if (i < report.segments.length - 1) assert.equal(s.recovered, false, 'every segment but the last was closed by ffmpeg');
        await assertPlayable(tools, s);
      }
      // Handed-over-but-not-moved segments come back identical (at-least-once delivery).
      for (const h of handedOver) {
        const again = report.segments.find((s) => s.sessionId === h.sessionId && s.sequence === h.sequence);
        assert.ok(again !== undefined);
        assert.equal(again.sha256, h.sha256);
        assert.equal(again.startMs, h.startMs);
        assert.equal(again.durationMs, h.durationMs);
      }
      for (const gap of segmentGaps(report.segments)) assert.ok(Math.abs(gap.gapMs) <= 1);
    } finally {
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    }
  });

  it('leaves no ffmpeg behind', async () => {
    await waitFor('no ffmpeg children', async () => (await ffmpegChildren()).length === 0, 5000);
  });
});
