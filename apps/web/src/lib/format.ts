import type { Schemas } from '@argus/sdk';

type Probe = Schemas['ProbeResult'];

/** 1234 kb/s → "1.2 Mb/s"; 850 → "850 kb/s". */
export function formatBitRate(kbps: number | null | undefined): string | null {
  if (kbps === null || kbps === undefined || !Number.isFinite(kbps)) return null;
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mb/s` : `${Math.round(kbps)} kb/s`;
}

export function formatFps(fps: number | null | undefined): string | null {
  if (fps === null || fps === undefined || !Number.isFinite(fps)) return null;
  return `${Number.isInteger(fps) ? fps : fps.toFixed(2).replace(/0+$/, '')} fps`;
}

/** One line: "h264 768×576 @10 fps, 1.2 Mb/s", or the reason a probe failed. */
export function probeSummary(p: Probe): string {
  if (!p.ok || !p.video) return `${reasonLabel(p.reason)}${p.message ? `: ${p.message}` : ''}`;
  const v = p.video;
  const fps = formatFps(v.fps);
  const rate = formatBitRate(v.bitRateKbps);
  return `${v.codec} ${v.width}×${v.height}${fps ? ` @${fps}` : ''}${rate ? `, ${rate}` : ''}`;
}

const REASONS: Record<string, string> = {
  unreachable: 'Unreachable',
  auth_refused: 'Credentials refused',
  not_found: 'Stream not found',
  not_video: 'No video stream',
  timeout: 'Timed out',
  unsupported: 'Unsupported',
  error: 'Probe failed',
};

export function reasonLabel(reason: string | undefined): string {
  return (reason && REASONS[reason]) ?? (reason ? reason.replace(/_/g, ' ') : 'Probe failed');
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

/** "3 min ago" style for recent times, the date otherwise. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return formatDate(iso);
}
