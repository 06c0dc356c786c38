// Defines a custom wall layout: a square grid with one big pane of a chosen size at the top left, or a plain grid.
import { useState } from 'react';
import { Modal } from '../../components/modal';
import { featureLayout, gridArea, layoutProblem, MAX_GRID, type Layout } from './layouts';

interface Props {
  onSave: (layout: Layout) => void;
  onClose: () => void;
}

export function LayoutEditor({ onSave, onClose }: Props) {
  const [name, setName] = useState('');
  const [size, setSize] = useState(3);
  const [big, setBig] = useState(2);
  const layout = featureLayout(size, Math.min(big, size), `custom-${Date.now().toString(36)}`, name.trim() || `${size}×${size} with ${big}×${big}`);
  const problem = name.trim() === '' ? 'Give the layout a name.' : layoutProblem(layout);
  return (
    <Modal
      title="New layout"
      onClose={onClose}
      testId="live-layout-editor"
      footer={(
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-primary" disabled={problem !== null} data-testid="live-layout-save" onClick={() => onSave(layout)}>Save layout</button>
        </>
      )}
    >
      <div className="live-editor">
        <div className="live-editor-fields">
          <label className="field">
            <span className="label">Name</span>
            <input value={name} maxLength={40} data-testid="live-layout-name" onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">Grid (cells each way)</span>
            <select value={size} data-testid="live-layout-size" onChange={(e) => setSize(Number(e.target.value))}>
              {Array.from({ length: MAX_GRID - 1 }, (_, i) => i + 2).map((n) => <option key={n} value={n}>{n} × {n}</option>)}
            </select>
          </label>
          <label className="field">
            <span className="label">Big pane (cells each way; 1 = plain grid)</span>
            <select value={Math.min(big, size)} data-testid="live-layout-big" onChange={(e) => setBig(Number(e.target.value))}>
              {Array.from({ length: size }, (_, i) => i + 1).map((n) => <option key={n} value={n}>{n} × {n}</option>)}
            </select>
          </label>
          <p className="muted">{layout.cells.length} panes.</p>
        </div>
        <div className="live-editor-preview" style={{ gridTemplateColumns: `repeat(${layout.cols}, 1fr)`, gridTemplateRows: `repeat(${layout.rows}, 1fr)` }} aria-label="Preview">
          {layout.cells.map((c, i) => <div key={i} style={{ gridArea: gridArea(c) }}>{i + 1}</div>)}
        </div>
      </div>
    </Modal>
  );
}
