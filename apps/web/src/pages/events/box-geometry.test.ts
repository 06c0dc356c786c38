import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boxLabel, boxToPixels, labelInside } from './box-geometry';

describe('box geometry', () => {
  it('scales a normalised box to the drawn image', () => {
    assert.deepEqual(boxToPixels({ x: 0.25, y: 0.5, w: 0.5, h: 0.25 }, 800, 400), { left: 200, top: 200, width: 400, height: 100 });
  });

  it('clamps boxes that leave the image', () => {
    const r = boxToPixels({ x: -0.1, y: 0.9, w: 0.3, h: 0.5 }, 100, 100);
    assert.equal(r.left, 0);
    assert.ok(Math.abs(r.width - 20) < 1e-9);
    assert.ok(Math.abs(r.top - 90) < 1e-9);
    assert.ok(Math.abs(r.height - 10) < 1e-9);
  });

  it('turns garbage into an empty box instead of NaN', () => {
    const r = boxToPixels({ x: Number.NaN, y: 0, w: Number.POSITIVE_INFINITY, h: 0 }, 100, 100);
    assert.deepEqual(r, { left: 0, top: 0, width: 0, height: 0 });
  });

  it('labels with class, confidence and track', () => {
    assert.equal(boxLabel({ className: 'person', confidence: 0.873, trackId: '7' }), 'person 87% #7');
    assert.equal(boxLabel({ className: 'car', confidence: 0.5 }), 'car 50%');
  });

  it('puts the label inside when the box touches the top', () => {
    assert.equal(labelInside({ left: 0, top: 4, width: 10, height: 10 }, 16), true);
    assert.equal(labelInside({ left: 0, top: 40, width: 10, height: 10 }, 16), false);
  });
});
