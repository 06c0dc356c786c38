import type { Schemas } from '@argus/sdk';
import { formatBitRate, formatFps, formatTime, reasonLabel } from '../lib/format';

type Probe = Schemas['ProbeResult'];

/** What a probe found (codec, resolution, frame rate, bit rate) or why it failed. */
export function ProbeResultCard({ probe }: { probe: Probe }) {
  const when = `${probe.stream} stream · ${formatTime(probe.at)} · ${Math.round(probe.elapsedMs)} ms`;
  if (!probe.ok || !probe.video) {
    return (
      <div className="probe probe-fail" data-testid="probe-result" data-ok="false">
        <div className="probe-title">
          <span className="dot dot-bad" /> {reasonLabel(probe.reason)}
        </div>
        {probe.message && <div className="probe-message" data-testid="probe-message">{probe.message}</div>}
        {probe.detail && (
          <details className="probe-detail">
            <summary>Details</summary>
            <pre>{probe.detail}</pre>
          </details>
        )}
        <div className="probe-meta">{when}</div>
      </div>
    );
  }
  const v = probe.video;
  const a = probe.audio;
  const rows: Array<[string, string, string]> = [
    ['Codec', `${v.codec}${v.profile ? ` (${v.profile})` : ''}`, 'probe-codec'],
    ['Resolution', `${v.width}×${v.height}`, 'probe-resolution'],
    ['Frame rate', formatFps(v.fps) ?? 'unknown', 'probe-fps'],
    ['Bit rate', formatBitRate(v.bitRateKbps) ?? 'unknown', 'probe-bitrate'],
  ];
  if (v.pixFmt) rows.push(['Pixel format', v.pixFmt, 'probe-pixfmt']);
  rows.push(['Audio', a ? `${a.codec}${a.sampleRate ? ` ${a.sampleRate} Hz` : ''}${a.channels ? ` ×${a.channels}` : ''}` : 'none', 'probe-audio']);
  return (
    <div className="probe probe-ok" data-testid="probe-result" data-ok="true">
      <div className="probe-title">
        <span className="dot dot-ok" /> Stream OK
      </div>
      <dl className="probe-grid">
        {rows.map(([k, val, id]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-testid={id}>{val}</dd>
          </div>
        ))}
      </dl>
      <div className="probe-meta">{when}</div>
    </div>
  );
}
