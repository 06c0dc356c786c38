import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runProcess } from './run-process';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ESRCH');
    return false;
  }
}

it('collects stdout, stderr and the exit code', async () => {
  const r = await runProcess('/bin/sh', ['-c', 'echo out; echo err >&2; exit 4'], { timeoutMs: 5000 });
  assert.deepEqual([r.stdout, r.stderr, r.exitCode, r.timedOut, r.spawnError], ['out\n', 'err\n', 4, false, null]);
});

it('kills the child at the hard timeout and leaves nothing running', async () => {
  const r = await runProcess('/bin/sh', ['-c', 'echo $$; exec sleep 30'], { timeoutMs: 300 });
  assert.equal(r.timedOut, true);
  assert.equal(r.exitSignal, 'SIGKILL');
  assert.ok(r.elapsedMs < 3000, `took ${r.elapsedMs} ms`);
  assert.equal(isAlive(Number(r.stdout.trim())), false);
});

it('kills the child when aborted', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const r = await runProcess('sleep', ['30'], { timeoutMs: 10_000, signal: controller.signal });
  assert.equal(r.aborted, true);
  assert.equal(r.exitSignal, 'SIGKILL');
});

it('reports a command that cannot start', async () => {
  const r = await runProcess('/nonexistent/ffprobe', [], { timeoutMs: 1000 });
  assert.match(r.spawnError ?? '', /ENOENT/);
  assert.equal(r.exitCode, null);
});

it('keeps only the tail of a long stderr and caps stdout', async () => {
  const r = await runProcess('/bin/sh', ['-c', 'seq 1 20000 >&2; seq 1 20000'], {
    timeoutMs: 5000, maxStderrBytes: 100, maxStdoutBytes: 1000,
  });
  assert.ok(r.stderr.length <= 100);
  assert.ok(r.stderr.endsWith('20000\n'));
  assert.equal(r.stdoutTruncated, true);
  assert.ok(r.stdout.length <= 1000);
});
