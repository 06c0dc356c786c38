// A pane's live figures: bit rate (current and average), codec, resolution, frame rate, camera state, viewers.
import { formatKbps } from './bitrate';
import type { PaneStats } from './use-live-player';

export function StatsStrip({ stats, transport }: { stats: PaneStats; transport: string }) {
  const res = stats.width && stats.height ? `${stats.width}×${stats.height}` : '—';
  return (
    <dl className="live-stats" data-testid="live-stats">
      <div><dt>Bit rate</dt><dd data-testid="live-stat-bitrate">{formatKbps(stats.currentKbps)}</dd></div>
      <div><dt>Average</dt><dd data-testid="live-stat-avg">{formatKbps(stats.averageKbps)}</dd></div>
      <div><dt>Codec</dt><dd data-testid="live-stat-codec">{stats.codec ?? '—'}</dd></div>
      <div><dt>Resolution</dt><dd>{res}</dd></div>
      <div><dt>FPS</dt><dd>{stats.fps !== null ? stats.fps.toFixed(stats.fps < 10 ? 1 : 0) : '—'}</dd></div>
      <div><dt>Camera</dt><dd data-testid="live-stat-state">{stats.cameraState ?? '—'}</dd></div>
      <div><dt>Viewers</dt><dd>{stats.viewers ?? '—'}</dd></div>
      <div><dt>Via</dt><dd>{transport.toUpperCase()}</dd></div>
    </dl>
  );
}
