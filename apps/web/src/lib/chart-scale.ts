// Pure geometry of the console's small SVG charts: a "nice" value axis, bar slots and line paths.

/** The smallest 1/2/2.5/5 × 10ⁿ at or above `max` (≥ 1), so an axis ends on a round number. */
export function niceMax(max: number): number {
  if (!Number.isFinite(max) || max <= 1) return 1;
  const exp = Math.floor(Math.log10(max));
  const base = 10 ** exp;
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * base >= max - 1e-9) return m * base;
  }
  return 10 * base;
}

const isNiceStep = (v: number): boolean => {
  if (!(v > 0) || !Number.isFinite(v)) return false;
  const m = v / 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5].some((n) => Math.abs(m - n) < 1e-9);
};

/**
 * Evenly spaced tick values from 0 to `top`: `count` + 1 of them when given, else 4 to 6 ticks on round steps
 * (for counts, never a fractional step: top 2 gives 0, 1, 2).
 */
export function ticks(top: number, count?: number): number[] {
  let n = count !== undefined ? Math.max(1, Math.floor(count)) : 4;
  if (count === undefined) {
    n = [5, 4, 2].find((c) => isNiceStep(top / c) && (top / c >= 1 || top < 1)) ?? (top >= 1 && top <= 5 ? Math.round(top) : 4);
  }
  return Array.from({ length: n + 1 }, (_, i) => (top * i) / n);
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bars for `values` in a plot `width`×`height` (origin top-left, bars grow up from the bottom), scaled to `top`. */
export function barLayout(values: readonly number[], width: number, height: number, top: number, gap = 0.2, maxBarWidth = Number.POSITIVE_INFINITY): Bar[] {
  const n = values.length;
  if (n === 0 || width <= 0 || height <= 0) return [];
  const slot = width / n;
  const barWidth = Math.min(maxBarWidth, Math.max(1, slot * (1 - Math.min(0.9, Math.max(0, gap)))));
  const scale = top > 0 ? height / top : 0;
  return values.map((v, i) => {
    const h = Math.min(height, Math.max(0, (Number.isFinite(v) ? v : 0) * scale));
    return { x: i * slot + (slot - barWidth) / 2, y: height - h, width: barWidth, height: h };
  });
}

/** An SVG path ("M x y L x y …") through `points` ({x, y} in data units) within `width`×`height`. */
export function linePath(points: readonly { x: number; y: number }[], width: number, height: number, xMin: number, xMax: number, top: number): string {
  if (points.length === 0) return '';
  const xSpan = xMax - xMin || 1;
  const yScale = top > 0 ? height / top : 0;
  return points
    .map((p, i) => {
      const x = ((p.x - xMin) / xSpan) * width;
      const y = height - Math.min(height, Math.max(0, p.y * yScale));
      return `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`;
    })
    .join(' ');
}

const round = (v: number): number => Math.round(v * 10) / 10;

/** 1234 → "1.2k", 12 → "12", 2.5 → "2.5". */
export function shortNumber(v: number): string {
  if (Math.abs(v) >= 1_000_000) return `${trim(v / 1_000_000)}M`;
  if (Math.abs(v) >= 1000) return `${trim(v / 1000)}k`;
  return trim(v);
}

const trim = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, ''));
