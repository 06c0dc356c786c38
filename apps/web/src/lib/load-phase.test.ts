import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPhase, noItems, pagedGate } from './load-phase';

describe('loadPhase', () => {
  it('waits for the first answer', () => {
    assert.equal(loadPhase<string[]>(undefined, null, noItems), 'loading');
  });

  it('shows a failure before anything else, also over data kept from an earlier load', () => {
    assert.equal(loadPhase(undefined, new Error('403'), noItems), 'error');
    assert.equal(loadPhase(['a'], new Error('reload failed'), noItems), 'error');
  });

  it('tells an empty answer from a full one', () => {
    assert.equal(loadPhase([], null, noItems), 'empty');
    assert.equal(loadPhase(['a'], null, noItems), 'ready');
    assert.equal(loadPhase({ items: [] }, null, (d) => noItems(d.items)), 'empty');
  });

  it('treats data as ready when nothing says what empty is', () => {
    assert.equal(loadPhase([], null), 'ready');
    assert.equal(loadPhase(0, undefined), 'ready');
  });
});

describe('pagedGate', () => {
  const phase = (items: number[], loading: boolean, error: unknown) => {
    const g = pagedGate(items, loading, error);
    return loadPhase(g.data, g.error, noItems);
  };

  it('spins, fails or says empty only while no entry is shown', () => {
    assert.equal(phase([], true, null), 'loading');
    assert.equal(phase([], false, new Error('down')), 'error');
    assert.equal(phase([], false, null), 'empty');
  });

  it('keeps shown entries on screen while the next page loads or after it failed', () => {
    assert.equal(phase([1], true, null), 'ready');
    assert.equal(phase([1], false, new Error('down')), 'ready');
  });
});
