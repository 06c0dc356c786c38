import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionBlocker, allowedActions, reasonRequired } from './review-actions';

describe('review actions', () => {
  it('offers confirm, false alarm and resolve on a new event, not reopen', () => {
    assert.deepEqual([...allowedActions('new')].sort(), ['confirm', 'false_alarm', 'resolve']);
  });

  it('reopens or confirms a false alarm, and only reopens a resolved event', () => {
    assert.deepEqual(allowedActions('false_alarm'), ['confirm', 'reopen']);
    assert.deepEqual(allowedActions('resolved'), ['reopen']);
  });

  it('explains a blocked action, and blocks everything without events.act', () => {
    assert.equal(actionBlocker('new', 'confirm', true), null);
    assert.match(actionBlocker('resolved', 'confirm', true) ?? '', /Resolved/);
    assert.match(actionBlocker('new', 'confirm', false) ?? '', /events\.act/);
  });

  it('requires a reason for a false alarm only', () => {
    assert.equal(reasonRequired('false_alarm'), true);
    assert.equal(reasonRequired('confirm'), false);
  });
});
