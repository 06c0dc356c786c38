// A dependency-free SVG line chart: several named series over time, nice value axis, a small legend.
import { linePath, niceMax } from '../lib/chart-scale';
import { CHART_PAD, CHART_WIDTH, plotArea, ValueGrid } from './chart-frame';

export interface LineSeries {
  name: string;
  points: readonly { x: number; y: number }[];
}

interface LineChartProps {
  series: readonly LineSeries[];
  height?: number;
  /** Text of an x value on the axis (e.g. a time). */
  formatX: (x: number) => string;
  testId?: string;
  ariaLabel: string;
}

const COLOURS = ['#2563eb', '#c2362f', '#1f8a4c', '#a96300', '#6d28d9', '#0e7490'];

export function LineChart({ series, height = 220, formatX, testId, ariaLabel }: LineChartProps) {
  const { plotW, plotH } = plotArea(height);
  const all = series.flatMap((s) => s.points);
  const xMin = Math.min(...all.map((p) => p.x));
  const xMax = Math.max(...all.map((p) => p.x));
  const top = niceMax(Math.max(0, ...all.map((p) => p.y)));
  return (
    <div className="chart-wrap">
      <svg className="chart" viewBox={`0 0 ${CHART_WIDTH} ${height}`} role="img" aria-label={ariaLabel} data-testid={testId}>
        <g transform={`translate(${CHART_PAD.left},${CHART_PAD.top})`}>
          <ValueGrid top={top} plotW={plotW} plotH={plotH} />
          {all.length > 0 && (
            <>
              <text className="chart-label" x={0} y={plotH + 14} textAnchor="start">
                {formatX(xMin)}
              </text>
              <text className="chart-label" x={plotW} y={plotH + 14} textAnchor="end">
                {formatX(xMax)}
              </text>
            </>
          )}
          {series.map((s, i) => (
            <path key={s.name} className="chart-line" d={linePath(s.points, plotW, plotH, xMin, xMax, top)} stroke={COLOURS[i % COLOURS.length]} data-testid="chart-line" />
          ))}
          <line className="chart-axis" x1={0} x2={plotW} y1={plotH} y2={plotH} />
        </g>
      </svg>
      {series.length > 1 && (
        <div className="chart-legend">
          {series.map((s, i) => (
            <span key={s.name} className="chart-legend-item">
              <span className="chart-swatch" style={{ background: COLOURS[i % COLOURS.length] }} />
              {s.name}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
