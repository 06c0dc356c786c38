// Draw zones (click points, then "Close zone") and lines (two clicks) on a frame; coordinates are normalised 0..1.
import { useState, type MouseEvent } from 'react';
import { normalisedPoint, type DraftRuleSet, type Pt } from './rule-set-draft';

const W = 640;
const H = 360;

export function ZoneEditor({ value, onChange, imageUrl }: { value: DraftRuleSet; onChange: (v: DraftRuleSet) => void; imageUrl: string | null }) {
  const [mode, setMode] = useState<'zone' | 'line'>('zone');
  const [points, setPoints] = useState<Pt[]>([]);
  const [name, setName] = useState('');

  const click = (e: MouseEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const p = normalisedPoint(e.clientX - r.left, e.clientY - r.top, r.width, r.height);
    if (mode === 'line' && points.length === 1) {
      const lineName = name.trim() || `line ${value.lines.length + 1}`;
      onChange({ ...value, lines: [...value.lines, { name: lineName, from: points[0]!, to: p }] });
      setPoints([]);
      setName('');
      return;
    }
    setPoints([...points, p]);
  };
  const closeZone = () => {
    const zoneName = name.trim() || `zone ${value.zones.length + 1}`;
    onChange({ ...value, zones: [...value.zones, { name: zoneName, polygon: points }] });
    setPoints([]);
    setName('');
  };
  const svgPts = (ps: readonly Pt[]) => ps.map(([x, y]) => `${x * W},${y * H}`).join(' ');

  return (
    <div className="zone-editor">
      <div className="zone-editor-tools">
        <label><input type="radio" checked={mode === 'zone'} onChange={() => { setMode('zone'); setPoints([]); }} data-testid="zone-mode" /> Zone</label>
        <label><input type="radio" checked={mode === 'line'} onChange={() => { setMode('line'); setPoints([]); }} data-testid="line-mode" /> Line</label>
        <input placeholder="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="shape-name" />
        {mode === 'zone' && <button type="button" disabled={points.length < 3} onClick={closeZone} data-testid="close-zone">Close zone ({points.length} points)</button>}
        <button type="button" onClick={() => setPoints([])}>Clear drawing</button>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} className="zone-canvas" onClick={click} data-testid="zone-canvas" role="img" aria-label="frame of the camera">
        <rect width={W} height={H} className="zone-canvas-empty" />
        {imageUrl && <image href={imageUrl} width={W} height={H} preserveAspectRatio="none" data-testid="zone-still" />}
        {value.zones.map((z) => <polygon key={z.name} points={svgPts(z.polygon)} className="zone-shape" />)}
        {value.lines.map((l) => <polyline key={l.name} points={svgPts([l.from, l.to])} className="line-shape" />)}
        {points.length > 0 && <polyline points={svgPts(points)} className="zone-drawing" />}
        {points.map(([x, y], i) => <circle key={i} cx={x * W} cy={y * H} r={4} className="zone-point" />)}
      </svg>
      <ul className="zone-list">
        {value.zones.map((z, i) => (
          <li key={`z${i}`} data-testid="zone-item">zone <b>{z.name}</b> ({z.polygon.length} points) <button type="button" onClick={() => onChange({ ...value, zones: value.zones.filter((_, k) => k !== i) })}>remove</button></li>
        ))}
        {value.lines.map((l, i) => (
          <li key={`l${i}`} data-testid="line-item">line <b>{l.name}</b> <button type="button" onClick={() => onChange({ ...value, lines: value.lines.filter((_, k) => k !== i) })}>remove</button></li>
        ))}
      </ul>
    </div>
  );
}
