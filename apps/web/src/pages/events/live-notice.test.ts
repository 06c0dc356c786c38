import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNotice, resumeFrom } from './live-notice';

const event = { id: 'evt_1', seq: 3, cameraId: 'cam_1', state: 'new', boxes: [] };

describe('live notices', () => {
  it('reads a bare event and a created/updated notice', () => {
    assert.equal(parseNotice(JSON.stringify(event))?.id, 'evt_1');
    assert.equal(parseNotice(JSON.stringify({ kind: 'updated', event }))?.seq, 3);
  });

  it('ignores heartbeats, garbage and half events', () => {
    assert.equal(parseNotice(''), null);
    assert.equal(parseNotice('not json'), null);
    assert.equal(parseNotice('{"id":"x"}'), null);
    assert.equal(parseNotice('null'), null);
  });

  it('resumes from the highest seq known', () => {
    assert.equal(resumeFrom(0, ''), '');
    assert.equal(resumeFrom(5, '7'), '7');
    assert.equal(resumeFrom(9, '7'), '9');
    assert.equal(resumeFrom(2, 'abc'), '2');
  });
});
