// Bit rate figures for the stats strip. Pure.

/** A running average over every sample since the pane started, plus a window of the latest for "current". */
export interface BitrateStats {
  samples: number;
  sumKbps: number;
  recent: number[];
}

export const EMPTY_BITRATE: BitrateStats = { samples: 0, sumKbps: 0, recent: [] };

/** Adds one per-second sample; negative or non-finite samples are ignored. `window` samples make "current". */
export function addBitrateSample(s: BitrateStats, kbps: number, window = 3): BitrateStats {
  if (!Number.isFinite(kbps) || kbps < 0) return s;
  return { samples: s.samples + 1, sumKbps: s.sumKbps + kbps, recent: [...s.recent, kbps].slice(-window) };
}

export function currentKbps(s: BitrateStats): number | null {
  return s.recent.length === 0 ? null : s.recent.reduce((a, b) => a + b, 0) / s.recent.length;
}

export function averageKbps(s: BitrateStats): number | null {
  return s.samples === 0 ? null : s.sumKbps / s.samples;
}

/** Bytes received over a period → kbit/s. */
export function kbpsOf(bytes: number, seconds: number): number | null {
  return seconds > 0 ? (bytes * 8) / 1000 / seconds : null;
}

/** "850 kb/s", "2.4 Mb/s", or "—". */
export function formatKbps(kbps: number | null | undefined): string {
  if (kbps === null || kbps === undefined || !Number.isFinite(kbps)) return '—';
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mb/s` : `${Math.round(kbps)} kb/s`;
}
