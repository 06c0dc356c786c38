/** Probes a source (camera, stream, file) with ffprobe: what video it carries, or exactly why it cannot be read. */
import type { MediaTools } from './media-tools';
import { buildProbeArgs } from './probe-args';
import { classifyProbeFailure, lastLines } from './probe-classify';
import { parseProbeJson } from './probe-parse';
import type { ProbeFailure, ProbeInput, ProbeResult } from './probe-types';
import { runProcess } from './run-process';
import { redactSecrets, resolveMediaTarget } from './source-url';

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
const DETAIL_LINES = 8;

export async function probeSource(input: ProbeInput, tools: Pick<MediaTools, 'ffprobe'>): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const resolved = resolveMediaTarget(input.url, input.username, input.password);
  if (!resolved.ok) return { ok: false, reason: 'error', message: resolved.message, detail: '', elapsedMs: elapsed() };
  const target = resolved.target;
  const timeoutMs = input.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const ioTimeoutMs = target.kind === 'file' ? null : timeoutMs;
  const args = buildProbeArgs(target, {
    ioTimeoutMs: timeoutMs,
    rtspTransport: input.rtspTransport ?? 'tcp',
    sampleSeconds: input.sampleSeconds ?? 2,
  });
  const runOptions: Parameters<typeof runProcess>[2] = { timeoutMs };
  if (input.signal !== undefined) runOptions.signal = input.signal;
  const run = await runProcess(tools.ffprobe, args, runOptions);
  const redact = (text: string): string => redactSecrets(text, target.secrets);
  const stderr = redact(run.stderr);
  const detail = lastLines(stderr, DETAIL_LINES);

  if (run.aborted) {
    return { ok: false, reason: 'error', message: `Probing ${target.display} was cancelled.`, detail, elapsedMs: elapsed() };
  }
  if (!run.timedOut && run.spawnError === null && run.stdout.trim() !== '') {
    const parsed = parseProbeJson(run.stdout, target.display);
    // ffprobe prints `{}` when it could not open the input: then stderr says why, so classify that instead.
    if (parsed.ok) return { ...parsed, elapsedMs: elapsed() };
    if (run.exitCode === 0) return { ...parsed, message: redact(parsed.message), detail, elapsedMs: elapsed() };
  }
  const failure = classifyProbeFailure({
    stderr,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    spawnError: run.spawnError,
    elapsedMs: run.elapsedMs,
    ioTimeoutMs,
    kind: target.kind,
    display: target.display,
    hasCredentials: target.hasCredentials,
  });
  const result: ProbeFailure = { ok: false, ...failure, message: redact(failure.message), detail, elapsedMs: elapsed() };
  return result;
}
