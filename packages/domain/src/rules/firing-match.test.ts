import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchFirings } from './firing-match';
import type { RuleFiring, RuleType } from './types';

function firing(type: RuleType, timeS: number, x: number, extra: Partial<RuleFiring> = {}): RuleFiring {
  const obs = { trackId: 't', className: 'person', confidence: 1, box: { x, y: 0.4, w: 0.04, h: 0.1 } };
  return { ruleIndex: 0, ruleName: 'r', type, trackId: 't', className: 'person', timeS, wallMs: 0, confidence: 1, boxes: [obs], details: {}, ...extra };
}

describe('matchFirings', () => {
  it('matches by time and place one-to-one, not by track id', () => {
    const expected = [firing('intrusion', 1, 0.5), firing('intrusion', 5, 0.2), firing('intrusion', 9, 0.5)];
    const found = [firing('intrusion', 1.4, 0.52, { trackId: '99' }), firing('intrusion', 1.5, 0.5), firing('intrusion', 5.2, 0.8), firing('intrusion', 20, 0.5)];
    const s = matchFirings(expected, found, { toleranceS: 1, placeTolerance: 0.1 }).get('intrusion')!;
    assert.deepEqual(s, { expected: 3, found: 4, matched: 1, precision: 0.25, recall: 1 / 3 });
  });
  it('keeps rules and crossing directions apart; empty sides score sensibly', () => {
    const e = [firing('crossing', 1, 0.5, { details: { direction: 'a2b' } })];
    const f = [firing('crossing', 1, 0.5, { details: { direction: 'b2a' } }), firing('loitering', 1, 0.5, { ruleIndex: 2 })];
    const m = matchFirings(e, f);
    assert.deepEqual(m.get('crossing'), { expected: 1, found: 1, matched: 0, precision: 0, recall: 0 });
    assert.deepEqual(m.get('loitering'), { expected: 0, found: 1, matched: 0, precision: 0, recall: 1 });
  });
});
