// A dependency-free SVG bar chart: one bar per labelled value, a nice value axis, a tooltip per bar.
import { barLayout, niceMax } from '../lib/chart-scale';
import { CHART_PAD, CHART_WIDTH, plotArea, ValueGrid } from './chart-frame';

export interface BarDatum {
  label: string;
  value: number;
  /** Longer text for the tooltip (defaults to "label: value"). */
  title?: string;
}

interface BarChartProps {
  data: readonly BarDatum[];
  height?: number;
  /** Label every n-th bar when there are many (0 = automatic). */
  labelEvery?: number;
  testId?: string;
  ariaLabel: string;
  unit?: string;
}


export function BarChart({ data, height = 220, labelEvery = 0, testId, ariaLabel, unit = '' }: BarChartProps) {
  const { plotW, plotH } = plotArea(height);
  const top = niceMax(Math.max(0, ...data.map((d) => d.value)));
  const bars = barLayout(data.map((d) => d.value), plotW, plotH, top, 0.2, 72);
  const every = labelEvery > 0 ? labelEvery : Math.max(1, Math.ceil(data.length / 12));
  return (
    <svg className="chart" viewBox={`0 0 ${CHART_WIDTH} ${height}`} role="img" aria-label={ariaLabel} data-testid={testId}>
      <g transform={`translate(${CHART_PAD.left},${CHART_PAD.top})`}>
        <ValueGrid top={top} plotW={plotW} plotH={plotH} />
        {bars.map((b, i) => {
          const d = data[i];
          if (!d) return null;
          return (
            <g key={`${d.label}-${i}`} data-testid="chart-bar" data-value={d.value}>
              <rect className="chart-bar" x={b.x} y={b.y} width={b.width} height={b.height} rx={2}>
                <title>{d.title ?? `${d.label}: ${d.value}${unit}`}</title>
              </rect>
              {i % every === 0 && (
                <text className="chart-label" x={b.x + b.width / 2} y={plotH + 14} textAnchor="middle">
                  {d.label.length > 14 ? `${d.label.slice(0, 13)}…` : d.label}
                </text>
              )}
            </g>
          );
        })}
        <line className="chart-axis" x1={0} x2={plotW} y1={plotH} y2={plotH} />
      </g>
    </svg>
  );
}
