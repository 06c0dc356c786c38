// What the SVG charts share: the drawing size and padding, and the horizontal grid with the value axis labels.
import { shortNumber, ticks } from '../lib/chart-scale';

export const CHART_WIDTH = 640;
export const CHART_PAD = { left: 40, right: 8, top: 10, bottom: 34 };

/** The plot area inside the padding for a chart of `height`. */
export function plotArea(height: number): { plotW: number; plotH: number } {
  return { plotW: CHART_WIDTH - CHART_PAD.left - CHART_PAD.right, plotH: height - CHART_PAD.top - CHART_PAD.bottom };
}

/** Grid lines and their labels from 0 to `top` (a nice maximum). */
export function ValueGrid({ top, plotW, plotH }: { top: number; plotW: number; plotH: number }) {
  return (
    <>
      {ticks(top).map((t) => {
        const y = plotH - (t / top) * plotH;
        return (
          <g key={t}>
            <line className="chart-grid" x1={0} x2={plotW} y1={y} y2={y} />
            <text className="chart-tick" x={-6} y={y} dy="0.32em" textAnchor="end">
              {shortNumber(t)}
            </text>
          </g>
        );
      })}
    </>
  );
}
